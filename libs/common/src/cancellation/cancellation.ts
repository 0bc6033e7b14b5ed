/**
 * The part of AbortSignal that a call's code uses (an AbortSignal is one). Invokers take this, so a request's
 * cancellation can be a {@link Cancellation} instead of an AbortController.
 */
export interface CallSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The cancellation of one request: a controller and its signal in one plain object. An AbortController costs
 * an EventTarget and its bookkeeping, per request on the hot path, and listeners are added and removed through
 * the EventTarget machinery; this keeps them in an array. It has AbortSignal's observable behaviour for what
 * {@link CallSignal} exposes: `abort` sets `aborted` and `reason` (an AbortError when none is given) once, then
 * calls the listeners once each, in order; a listener added after the abort is never called; a listener that
 * throws is reported as an uncaught exception, the others still run. undici accepts it
 * as a request's `signal` (any object with addEventListener).
 */
export class Cancellation implements CallSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners?: (() => void)[];

  /** The signal side, for symmetry with AbortController (the same object). */
  get signal(): CallSignal {
    return this;
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners;
    this.listeners = undefined;
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // As EventTarget does: the other listeners still run, the error surfaces as an uncaught exception.
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }

  addEventListener(type: 'abort', listener: () => void): void {
    if (type !== 'abort' || this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (type !== 'abort' || !listeners) return;
    const index = listeners.indexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }
}
