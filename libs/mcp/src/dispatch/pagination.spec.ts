import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { paginate } from './pagination.js';

describe(paginate.name, () => {
  const items = Array.from({ length: 250 }, (_, i) => i);

  it('walks every item exactly once through the cursors', () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const { page, nextCursor } = paginate(items, cursor, 100);
      seen.push(...page);
      cursor = nextCursor;
    } while (cursor);
    expect(seen).toEqual(items);
  });

  it('has no nextCursor on the last page', () => {
    expect(paginate([1, 2], undefined, 100).nextCursor).toBeUndefined();
  });

  it.each([['garbage'], [42], [Buffer.from('o:-1').toString('base64url')]])(
    'refuses a cursor it did not issue (%s)',
    (cursor) => {
      expect(() => paginate(items, cursor, 100)).toThrow(
        expect.objectContaining({ code: ErrorCode.InvalidParams }),
      );
    },
  );
});
