import { describe, expect, it } from 'vitest';
import { containsNul } from './reject-nul.middleware.js';

describe(containsNul.name, () => {
  it('finds a NUL in values and keys at any depth, and nothing in clean bodies', () => {
    let deep: unknown = { ok: 'a\u0000b' };
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(containsNul(deep)).toBe(true);
    expect(containsNul({ list: [1, 'x', { ['k\u0000']: 1 }] })).toBe(true);
    expect(containsNul({ name: 'plain', nested: [{ a: 'b' }], n: 1, nil: null })).toBe(false);
    expect(containsNul(undefined)).toBe(false);
  });
});
