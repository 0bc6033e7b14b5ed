import type { Dispatcher } from 'undici';
import { SseStreamParser, type SseEvent } from './sse-stream-parser.js';

/** Longest body kept when the answer is JSON or an HTTP failure (an SSE answer is parsed as it streams). */
const TEXT_LIMIT = 64 * 1024 * 1024;

/** What one POST came back with, once its body has ended. */
export interface ExchangeOutcome {
  status: number;
  /** Media type, lower-cased, without parameters ('' when absent). */
  type: string;
  sessionId?: string;
  retryAfter?: string;
  /** The body, for a JSON answer or an HTTP failure (an SSE answer's events went to `onData` instead). */
  text: string;
  /** Set when the exchange failed after the headers arrived (reset, aborted mid-stream). */
  readError?: Error;
}

function headerName(raw: Buffer): string {
  return raw.toString('latin1').toLowerCase();
}

/**
 * One POST to an upstream, driven by undici's dispatch handler instead of its `request` API: the headers the
 * transport needs are picked from the raw list (no header object), the body is read as it arrives (no Readable
 * stream), an SSE answer's events are parsed as they stream in (progress and the upstream's own requests come
 * before the answer), and it is aborted by a call rather than an AbortSignal listener. Resolves when the body
 * ends; rejects only when no answer arrived at all (refused, reset before the headers, aborted).
 */
export class PostExchange implements Dispatcher.DispatchHandler {
  private cut?: (reason: Error) => void;
  private abortReason?: Error;
  private readonly outcome: ExchangeOutcome = { status: 0, type: '', text: '' };
  private parser?: SseStreamParser;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private resolve!: (outcome: ExchangeOutcome) => void;
  private reject!: (error: Error) => void;
  readonly done: Promise<ExchangeOutcome>;

  constructor(
    /** Receives the data of each `message` event of an SSE answer. */
    private readonly onEventData: (data: string) => void,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Stops the exchange: before the headers it fails with `reason`, after them the body ends there. */
  abort(reason: Error): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.cut?.(reason);
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.abortReason) abort(this.abortReason);
    else this.cut = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    const outcome = this.outcome;
    outcome.status = status;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const length = rawHeaders[i].length;
      if (length !== 12 && length !== 14 && length !== 11) continue;
      const name = headerName(rawHeaders[i]);
      if (name === 'content-type')
        outcome.type = rawHeaders[i + 1].toString('latin1').split(';')[0].trim().toLowerCase();
      else if (name === 'mcp-session-id') outcome.sessionId = rawHeaders[i + 1].toString('latin1');
      else if (name === 'retry-after') outcome.retryAfter = rawHeaders[i + 1].toString('latin1');
    }
    if (status >= 200 && status < 300 && outcome.type === 'text/event-stream') {
      this.parser = new SseStreamParser((event) => this.onEvent(event));
    }
    return true;
  }

  private onEvent(event: SseEvent): void {
    if (event.event !== undefined && event.event !== 'message') return;
    try {
      this.onEventData(event.data);
    } catch {
      // A consumer's failure must not break the exchange's reading.
    }
  }

  onData(chunk: Buffer): boolean {
    if (this.parser) this.parser.feed(chunk);
    else if (this.size < TEXT_LIMIT) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    return true;
  }

  onComplete(): void {
    try {
      if (this.parser) this.parser.end();
      else
        this.outcome.text =
          this.chunks.length === 1
            ? this.chunks[0].toString('utf8')
            : Buffer.concat(this.chunks).toString('utf8');
    } finally {
      this.resolve(this.outcome);
    }
  }

  onError(error: Error): void {
    if (this.outcome.status === 0) {
      this.reject(error);
      return;
    }
    this.outcome.readError = error;
    this.onComplete();
  }
}
