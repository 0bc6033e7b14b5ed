import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { ResetMetricsQueryDto } from './reset-metrics-query.dto.js';

async function problems(query: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(ResetMetricsQueryDto, query));
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

describe(ResetMetricsQueryDto.name, () => {
  it.each([{}, { entity: 'tool' }, { entity: 'server', id: 'abc' }, { entity: 'resource', id: '42' }])(
    'accepts %j',
    async (query) => {
      expect(await problems(query)).toEqual([]);
    },
  );

  it('refuses an unknown kind of entity, naming the known ones', async () => {
    expect(await problems({ entity: 'gateway' })).toEqual([
      'entity must be one of: tool, resource, prompt, server',
    ]);
  });

  it.each([
    ['an empty id', { entity: 'tool', id: '' }],
    ['an id longer than the column', { entity: 'tool', id: 'x'.repeat(65) }],
    ['a repeated id', { entity: 'tool', id: ['a', 'b'] }],
  ])('refuses %s', async (_what, query) => {
    expect(await problems(query)).not.toEqual([]);
  });
});
