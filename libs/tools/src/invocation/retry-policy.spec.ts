import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfter } from './retry-policy.js';

describe(backoffDelayMs.name, () => {
  it('stays within [0, min(cap, base · 2^retry)) (full jitter)', () => {
    const almostOne = () => 0.999999;
    expect(backoffDelayMs(0, 500, 10_000, () => 0)).toBe(0);
    expect(backoffDelayMs(0, 500, 10_000, almostOne)).toBe(499);
    expect(backoffDelayMs(1, 500, 10_000, almostOne)).toBe(999);
    expect(backoffDelayMs(3, 500, 10_000, almostOne)).toBe(3999);
    expect(backoffDelayMs(10, 500, 10_000, almostOne)).toBe(9999);
    expect(backoffDelayMs(2, 500, 10_000, () => 0.5)).toBe(1000);
  });

  it('spreads with Math.random by default', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelayMs(2, 100, 10_000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(400);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });
});

describe(parseRetryAfter.name, () => {
  const now = Date.UTC(2025, 0, 31, 12, 0, 0);

  it('reads delay seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
  });

  it('reads an HTTP date, and a past date as 0', () => {
    expect(parseRetryAfter('Fri, 31 Jan 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 31 Jan 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});
