import { ErrorCode, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { messageKind, type ShapedMessage } from './jsonrpc-shape.js';
import { UpstreamHttpError, UpstreamUnavailableError } from './upstream-errors.js';
import { SlotTable } from '@app/common';
import { parseRetryAfter } from '@app/tools';
import { PostExchange } from './post-exchange.js';
import { messagesOf, readSseEvents } from './sse-events.js';
import {
  excerptOf,
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
  /** How to stop each request of ours whose answer has not arrived (on cancel or close). */
  private readonly inflight = new SlotTable<{ id: RequestId; stop: (reason: Error) => void }>();
  private notificationStream?: AbortController;
  /** The headers of a call's POST, kept while the session id and protocol version they carry hold. */
  private callHeaders?: { sessionId?: string; protocolVersion?: string; list: string[] };

  async start(): Promise<void> {
    // Nothing to open: the first POST (initialize) starts the session.
  }

  /**
   * Sends a message. A request that comes with a signal is a call of the session's own hot path
   * (UpstreamSession.callTool): its POST is stopped by the notifications/cancelled that the session sends when
   * the signal aborts, so no listener is added per call. The SDK's requests are stopped the same way, by id.
   */
  async send(message: JSONRPCMessage, options?: UpstreamSendOptions): Promise<void> {
    if (this.closed) throw new UpstreamUnavailableError('the upstream session is closed');
    const kind = messageKind(message);
    if (kind === 'request' && options?.signal) {
      if (options.signal.aborted) throw toError(options.signal.reason);
      return this.call(message, (message as { id: RequestId }).id);
    }
    if (kind === 'notification' && (message as { method: string }).method === 'notifications/cancelled') {
      // Cut the cancelled request's answer stream first: the caller has given up on it.
      const id = (message as { params?: { requestId?: RequestId } }).params?.requestId;
      if (id !== undefined) this.abortRequest(id, new Error('cancelled'));
    }
    const request = kind === 'request' ? (message as { id: RequestId }) : undefined;
    let signal: AbortSignal | undefined;
    let handle: number | undefined;
    if (request) {
      const controller = new AbortController();
      handle = this.inflight.add({ id: request.id, stop: (reason) => controller.abort(reason) });
      signal = controller.signal;
    }
    try {
      await this.post(message, signal, request?.id);
    } finally {
      if (handle !== undefined) this.inflight.delete(handle);
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
    const closed = new UpstreamUnavailableError('the upstream session is closed');
    for (const request of this.inflight.values()) request.stop(closed);
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

  /** Stops the request(s) in flight under `id` (a scan: cancellations are rare, requests in flight few). */
  private abortRequest(id: RequestId, reason: Error): void {
    for (const request of this.inflight.values()) if (request.id === id) request.stop(reason);
  }

  /**
   * POSTs a call of ours on undici's dispatch handler (see PostExchange) and hands on what its answer carries,
   * like {@link post} does for the SDK's requests. Resolves once the answer has been delivered, or the stream
   * that should carry it ended (delivered as an error answer, so nobody waits for a timeout).
   */
  private async call(message: JSONRPCMessage, requestId: RequestId): Promise<void> {
    const { dispatcher, url } = this.endpoint;
    const tracker = this.tracker(requestId);
    const received = tracker.received;
    const exchange = new PostExchange((data) => {
      for (const item of messagesOf(data)) received(item);
    });
    const handle = this.inflight.add({ id: requestId, stop: (reason) => exchange.abort(reason) });
    let outcome;
    try {
      dispatcher.dispatch(
        { method: 'POST', path: pathOf(url), headers: this.postHeaders(), body: JSON.stringify(message) },
        exchange,
      );
      outcome = await exchange.done;
    } catch (error) {
      throw unavailable(error);
    } finally {
      this.inflight.delete(handle);
    }

    if (outcome.sessionId && !this.sessionId) this.sessionId = outcome.sessionId;
    const { status, type } = outcome;
    if (status === 404 && this.sessionId) {
      queueMicrotask(() => this.finish());
      throw new UpstreamHttpError(503, 'the upstream no longer knows this session');
    }
    if (status < 200 || status >= 300)
      throw new UpstreamHttpError(status, excerptOf(outcome.text), parseRetryAfter(outcome.retryAfter));
    if (status === 202) return;
    if (type === 'application/json') for (const item of messagesOf(outcome.text)) received(item);
    if (!tracker.answered) this.unanswered(requestId, type);
  }

  /** Hands on what an answer stream carries and notes whether the answer to `requestId` was among it. */
  private tracker(requestId: RequestId): { received: (item: unknown) => void; answered: boolean } {
    const tracker = {
      answered: false,
      received: (item: unknown): void => {
        const kind = messageKind(item);
        if ((kind === 'result' || kind === 'error') && (item as ShapedMessage).id === requestId)
          tracker.answered = true;
        this.deliver(item, requestId);
      },
    };
    return tracker;
  }

  /** Answers a request whose stream ended without its answer, so nobody waits for a timeout. */
  private unanswered(requestId: RequestId, type: string): void {
    if (this.closed) return;
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

  /** A POST's headers as undici's flat list, rebuilt only when the session id or protocol version change. */
  private postHeaders(): string[] {
    const cached = this.callHeaders;
    if (cached && cached.sessionId === this.sessionId && cached.protocolVersion === this.protocolVersion)
      return cached.list;
    const headers = this.headers({
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(this.sessionId && { 'mcp-session-id': this.sessionId }),
    });
    const list = Object.entries(headers).flat();
    this.callHeaders = { sessionId: this.sessionId, protocolVersion: this.protocolVersion, list };
    return list;
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

    const tracker = this.tracker(requestId);
    const received = tracker.received;
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
    if (!tracker.answered) this.unanswered(requestId, type);
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

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}

/** A network failure (refused, reset, timed out) as a failure worth retrying; aborts pass through. */
export function unavailable(error: unknown): Error {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'RequestAbortedError'))
    return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new UpstreamUnavailableError(`upstream unreachable: ${reason}`);
}
