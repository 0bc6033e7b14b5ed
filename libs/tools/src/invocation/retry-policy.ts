/** Delays between attempts of a tool call: exponential backoff with full jitter, and Retry-After. */

/**
 * The wait before retry number `retry` (0 for the first): uniform in [0, min(cap, base · 2^retry)), so that
 * callers failing together spread out instead of retrying in step.
 */
export function backoffDelayMs(
  retry: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** retry));
}

const DELAY_SECONDS = /^\s*(\d+)\s*$/;
// Every HTTP-date form starts with a day name; Date.parse alone would take "-5" for a year.
const HTTP_DATE = /^\s*[A-Za-z]{3}/;

/**
 * A Retry-After header (delay in seconds, or an HTTP date) as milliseconds from `now`; undefined when absent
 * or unreadable, 0 for a date already past.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const seconds = DELAY_SECONDS.exec(text);
  if (seconds) return Number(seconds[1]) * 1000;
  const at = HTTP_DATE.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
