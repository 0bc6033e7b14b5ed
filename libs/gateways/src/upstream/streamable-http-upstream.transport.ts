import { ErrorCode, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { messageKind, type ShapedMessage } from './jsonrpc-shape.js';
import { UpstreamHttpError, UpstreamUnavailableError } from './upstream-errors.js';
import { messagesOf, readSseEvents } from './sse-events.js';
import {
  headerOf,
  mediaTypeOf,
  pathOf,
  throwHttpFailure,
  UpstreamTransport,
  type UpstreamSendOptions,
} from './upstream-transport.js';

/** Pause before reopening the server's notification stream after it dropped, doubling up to the cap. */
const STREAM_RETRY_MS = 1000;
const STREAM_RETRY_CAP_MS = 30_000;
/** How long closing waits for the upstream to acknowledge the session's DELETE. */
const DELETE_TIMEOUT_MS = 2000;

/**
 * MCP Streamable HTTP (protocol 2025-03-26 and later), client side, on an undici keep-alive pool: each message
 * is a POST whose answer is JSON or an SSE stream; `Mcp-Session-Id` is learnt from the initialize answer and
 * sent back; the server's own notifications arrive on a GET stream, reopened when it drops; closing deletes the
 * session, since some servers keep every message of a session until it ends.
 */
export class StreamableHttpUpstreamTransport extends UpstreamTransport {
  /** The POST of each request of ours whose answer has not arrived, to abort it on cancel or close. */
  private readonly inflight = new Map<RequestId, AbortController>();
  private notificationStream?: AbortController;

  async start(): Promise<void> {
    // Nothing to open: the first POST (initialize) starts the session.
  }

  async send(message: JSONRPCMessage, options?: UpstreamSendOptions): Promise<void> {
    if (this.closed) throw new UpstreamUnavailableError('the upstream session is closed');
    const request = messageKind(message) === 'request' ? (message as { id: RequestId }) : undefined;
    // The SDK's requests are aborted by id (cancel, close); ours come with their caller's signal.
    let signal = options?.signal;
    if (request && !signal) {
      const controller = new AbortController();
      this.inflight.set(request.id, controller);
      signal = controller.signal;
    }
    try {
      await this.post(message, signal, request?.id);
    } finally {
      if (request) this.inflight.delete(request.id);
      if ('method' in message && message.method === 'notifications/cancelled') {
        const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
        if (id !== undefined) this.abortRequest(id);
      }
    }
  }

  /**
   * Opens the GET stream on which the server sends what is not an answer (list_changed, resources/updated,
   * its requests). A server without one (405) is fine: it then speaks only inside answers.
   */
  openNotificationStream(): void {
    if (this.closed || this.notificationStream) return;
    const controller = new AbortController();
    this.notificationStream = controller;
    void this.listen(controller.signal);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notificationStream?.abort();
    for (const controller of this.inflight.values()) controller.abort();
    this.inflight.clear();
    if (this.sessionId) {
      const { dispatcher, url } = this.endpoint;
      await dispatcher
        .request({
          method: 'DELETE',
          path: pathOf(url),
          headers: this.headers({ 'mcp-session-id': this.sessionId }),
          signal: AbortSignal.timeout(DELETE_TIMEOUT_MS),
        })
        .then((response) => response.body.dump())
        .catch(() => undefined);
    }
    this.onclose?.();
  }

  private abortRequest(id: RequestId): void {
    this.inflight.get(id)?.abort();
    this.inflight.delete(id);
  }

  /**
   * POSTs one message. For a request, resolves once its answer has been delivered (or the stream that should
   * carry it ended, which is delivered as an error answer, so nobody waits for a timeout).
   */
  private async post(message: JSONRPCMessage, signal?: AbortSignal, requestId?: RequestId): Promise<void> {
    const { dispatcher, url } = this.endpoint;
    let response;
    try {
      response = await dispatcher.request({
        method: 'POST',
        path: pathOf(url),
        headers: this.headers({
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(this.sessionId && { 'mcp-session-id': this.sessionId }),
        }),
        body: JSON.stringify(message),
        signal,
      });
    } catch (error) {
      throw unavailable(error);
    }

    const session = headerOf(response.headers, 'mcp-session-id');
    if (session && !this.sessionId) this.sessionId = session;
    if (response.statusCode === 404 && this.sessionId) {
      // The upstream forgot the session (restart, expiry): this transport is finished; the pool opens another.
      await response.body.dump();
      queueMicrotask(() => this.finish());
      throw new UpstreamHttpError(503, 'the upstream no longer knows this session');
    }
    if (response.statusCode < 200 || response.statusCode >= 300) await throwHttpFailure(response);
    if (response.statusCode === 202 || requestId === undefined) {
      await response.body.dump();
      return;
    }

    let answered = false;
    const received = (item: unknown): void => {
      const kind = messageKind(item);
      if ((kind === 'result' || kind === 'error') && (item as ShapedMessage).id === requestId)
        answered = true;
      this.deliver(item, requestId);
    };
    const type = mediaTypeOf(response.headers);
    try {
      if (type === 'application/json') {
        for (const item of messagesOf(await response.body.text())) received(item);
      } else if (type === 'text/event-stream') {
        // The answer may come after progress and the server's own requests, all on this stream.
        await readSseEvents(response.body, (event) => {
          if (event.event === undefined || event.event === 'message')
            for (const item of messagesOf(event.data)) received(item);
        });
      } else {
        await response.body.dump();
      }
    } catch {
      // Reading failed (aborted, reset): answered below if the answer never came.
    }
    if (!answered && !this.closed)
      this.deliver({
        jsonrpc: '2.0',
        id: requestId,
        error: {
          code: ErrorCode.ConnectionClosed,
          message:
            type === 'application/json' || type === 'text/event-stream'
              ? 'the upstream closed the stream before answering'
              : `unexpected content type "${type}" for a JSON-RPC answer`,
        },
      });
  }

  private async listen(signal: AbortSignal): Promise<void> {
    const { dispatcher, url } = this.endpoint;
    let pause = STREAM_RETRY_MS;
    while (!this.closed && !signal.aborted) {
      try {
        const response = await dispatcher.request({
          method: 'GET',
          path: pathOf(url),
          headers: this.headers({
            accept: 'text/event-stream',
            ...(this.sessionId && { 'mcp-session-id': this.sessionId }),
          }),
          signal,
        });
        if (response.statusCode === 405 || response.statusCode === 404) {
          await response.body.dump();
          return;
        }
        if (response.statusCode !== 200 || mediaTypeOf(response.headers) !== 'text/event-stream') {
          await response.body.dump();
        } else {
          pause = STREAM_RETRY_MS;
          await readSseEvents(response.body, (event) => {
            if (event.event === undefined || event.event === 'message')
              for (const item of messagesOf(event.data)) this.deliver(item);
          });
        }
      } catch {
        // Dropped or refused: try again after a pause, unless we are closing.
      }
      if (this.closed || signal.aborted) return;
      await new Promise<void>((resolve) => setTimeout(resolve, pause).unref());
      pause = Math.min(pause * 2, STREAM_RETRY_CAP_MS);
    }
  }
}

/** A network failure (refused, reset, timed out) as a failure worth retrying; aborts pass through. */
export function unavailable(error: unknown): Error {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'RequestAbortedError'))
    return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new UpstreamUnavailableError(`upstream unreachable: ${reason}`);
}
