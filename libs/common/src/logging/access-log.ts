import type { IncomingHttpHeaders } from 'node:http';

/** The level of an access line: server faults are errors, client mistakes warnings, the rest info. */
export function accessLevel(status: number): 'error' | 'warn' | 'info' {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/** A request target without its query string, which may carry tokens (`/sse?token=…`). */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query >= 0 ? url.slice(0, query) : url;
}

/** Milliseconds since `started` (a `process.hrtime.bigint()`), to two decimals. */
export function elapsedMs(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
}

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Correlation-ID (or X-Request-ID) when it is sane enough to log and echo; else undefined. */
export function callerCorrelationId(headers: IncomingHttpHeaders): string | undefined {
  const given = headers['x-correlation-id'] ?? headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : undefined;
}
