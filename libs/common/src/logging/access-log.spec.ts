import { describe, expect, it } from 'vitest';
import { accessLevel, callerCorrelationId, elapsedMs, pathOf } from './access-log.js';

describe('access log fields', () => {
  it('grades a status: 5xx error, 4xx warn, anything else info', () => {
    expect([200, 202, 304, 400, 404, 499, 500, 503, 0].map(accessLevel)).toEqual([
      'info',
      'info',
      'info',
      'warn',
      'warn',
      'warn',
      'error',
      'error',
      'info',
    ]);
  });

  it('drops the query string, which may carry a token', () => {
    expect(pathOf('/sse?token=eyJabc.def.ghi')).toBe('/sse');
    expect(pathOf('/servers/a/mcp')).toBe('/servers/a/mcp');
  });

  it('measures milliseconds to two decimals', () => {
    const ms = elapsedMs(process.hrtime.bigint() - 12_345_678n);
    expect(ms).toBeGreaterThanOrEqual(12.34);
    expect(Math.round(ms * 100)).toBe(ms * 100);
  });

  it("takes the caller's X-Correlation-ID or X-Request-ID only when it is sane", () => {
    expect(callerCorrelationId({ 'x-correlation-id': 'abc-123' })).toBe('abc-123');
    expect(callerCorrelationId({ 'x-request-id': 'req:7' })).toBe('req:7');
    expect(callerCorrelationId({})).toBeUndefined();
    expect(callerCorrelationId({ 'x-correlation-id': 'has space' })).toBeUndefined();
    expect(callerCorrelationId({ 'x-correlation-id': 'x'.repeat(129) })).toBeUndefined();
  });
});
