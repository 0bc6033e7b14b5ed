import { describe, expect, it } from 'vitest';
import {
  assertContentSize,
  base64DecodedLength,
  contentFromBody,
  contentFromRecord,
  contentSize,
  isBase64,
} from './resource-content.js';
import { type ResourcesErrorCode, ResourcesException } from './resources.exception.js';

/** The ResourcesException code the call fails with; fails the test if it succeeds or throws something else. */
function failureOf(call: () => unknown): ResourcesErrorCode {
  try {
    call();
  } catch (error) {
    if (error instanceof ResourcesException) return error.code;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe(isBase64.name, () => {
  it.each(['', 'AA==', 'AAA=', 'AAAA', Buffer.from('hello world').toString('base64')])('accepts "%s"', (v) =>
    expect(isBase64(v)).toBe(true),
  );

  it.each([
    ['a character outside the alphabet', 'AA*A'],
    ['missing padding', 'AAA'],
    ['padding in the middle', 'AA==AAAA'],
    ['whitespace', 'AAAA AAAA'],
    ['the base64url alphabet', 'AA-_'],
  ])('refuses %s', (_what, v) => expect(isBase64(v)).toBe(false));
});

describe(base64DecodedLength.name, () => {
  it.each([0, 1, 2, 3, 4, 5, 100])('agrees with Buffer for %i bytes', (n) => {
    const base64 = Buffer.alloc(n, 7).toString('base64');
    expect(base64DecodedLength(base64)).toBe(n);
  });
});

describe(contentFromBody.name, () => {
  it('takes text content', () => {
    expect(contentFromBody({ content: 'key=value' })).toEqual({ kind: 'text', text: 'key=value' });
  });

  it('takes a blob', () => {
    expect(contentFromBody({ blob: 'AAAA' })).toEqual({ kind: 'binary', base64: 'AAAA' });
  });

  it('gives undefined for neither (null counts as absent)', () => {
    expect(contentFromBody({})).toBeUndefined();
    expect(contentFromBody({ content: null, blob: null })).toBeUndefined();
  });

  it('refuses content and blob together', () => {
    expect(failureOf(() => contentFromBody({ content: 'x', blob: 'AAAA' }))).toBe('RESOURCE_INVALID');
  });

  it('refuses a blob that is not base64', () => {
    expect(failureOf(() => contentFromBody({ blob: 'not base64!' }))).toBe('RESOURCE_INVALID');
  });
});

describe(contentFromRecord.name, () => {
  it('reads text before binary, and nothing from a template row', () => {
    expect(contentFromRecord({ textContent: 'a', binaryContent: null })).toEqual({ kind: 'text', text: 'a' });
    expect(contentFromRecord({ textContent: null, binaryContent: 'AA==' })).toEqual({
      kind: 'binary',
      base64: 'AA==',
    });
    expect(contentFromRecord({ textContent: null, binaryContent: null })).toBeUndefined();
  });
});

describe(contentSize.name, () => {
  it('counts UTF-8 bytes of text, not characters', () => {
    expect(contentSize({ kind: 'text', text: 'é€' })).toBe(5);
  });

  it('counts decoded bytes of binary', () => {
    expect(contentSize({ kind: 'binary', base64: Buffer.alloc(10).toString('base64') })).toBe(10);
  });
});

describe(assertContentSize.name, () => {
  it('accepts content of exactly the limit and returns its size', () => {
    expect(assertContentSize({ kind: 'text', text: 'abcd' }, 4)).toBe(4);
  });

  it('refuses text one byte over the limit with 413', () => {
    expect(failureOf(() => assertContentSize({ kind: 'text', text: 'abcde' }, 4))).toBe('RESOURCE_TOO_LARGE');
  });

  it('measures a blob by its decoded size, not its base64 length', () => {
    const base64 = Buffer.alloc(4).toString('base64'); // 8 characters
    expect(assertContentSize({ kind: 'binary', base64 }, 4)).toBe(4);
    expect(
      failureOf(() => assertContentSize({ kind: 'binary', base64: Buffer.alloc(5).toString('base64') }, 4)),
    ).toBe('RESOURCE_TOO_LARGE');
  });

  it('answers 413 with the sizes in the message', () => {
    try {
      assertContentSize({ kind: 'text', text: 'x'.repeat(11) }, 10);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 413 });
      expect((error as Error).message).toMatch(/11 bytes.*10 bytes/);
    }
  });
});
