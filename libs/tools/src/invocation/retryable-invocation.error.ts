import type { ToolCallResult } from './tool-invoker.js';

/**
 * Thrown by an invoker for a failure that another attempt may not meet (network error, 5xx, 429).
 *
 * Why an error and not a marker on the result: the result stays exactly the MCP shape (nothing private can leak
 * to a client), and an invoker that knows nothing of retries is safe by default, since a returned result or any
 * other error is never retried. `result` is what the caller gets when no retry is left.
 */
export class RetryableInvocationError extends Error {
  constructor(
    readonly result: ToolCallResult,
    /** The upstream's Retry-After, in milliseconds from now, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    const first = result.content[0];
    super(first?.type === 'text' ? first.text : 'Retryable tool invocation failure');
    this.name = 'RetryableInvocationError';
  }
}
