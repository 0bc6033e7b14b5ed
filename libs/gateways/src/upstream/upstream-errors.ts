/**
 * Failures of an upstream connection, classified so callers can tell "try again" (the upstream or the network
 * failed) from "the upstream said no".
 */
export class UpstreamUnavailableError extends Error {
  /** Milliseconds the upstream asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs?: number;

  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'UpstreamUnavailableError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** The upstream answered an HTTP request with a status that is not a transport-level success. */
export class UpstreamHttpError extends UpstreamUnavailableError {
  constructor(
    readonly status: number,
    detail: string,
    retryAfterMs?: number,
  ) {
    super(`upstream answered HTTP ${status}${detail ? `: ${detail}` : ''}`, retryAfterMs);
    this.name = 'UpstreamHttpError';
  }

  /** 5xx, 429 and 408 are worth another attempt; other 4xx are not. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}
