import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { UpstreamHttpError, UpstreamUnavailableError } from './upstream-errors.js';
import { messagesOf, readSseEvents } from './sse-events.js';
import { unavailable } from './streamable-http-upstream.transport.js';
import {
  mediaTypeOf,
  pathOf,
  throwHttpFailure,
  UpstreamTransport,
  type UpstreamSendOptions,
} from './upstream-transport.js';

/**
 * MCP's HTTP+SSE transport (protocol 2024-11-05), client side, on an undici keep-alive pool: a GET stream whose
 * first `endpoint` event names where to POST; every answer and server message arrives on that stream. The
 * stream ending ends the transport (the pool reconnects). The message endpoint must stay on the stream's
 * origin, so an upstream cannot point our POSTs, and their credentials, somewhere else.
 */
export class SseUpstreamTransport extends UpstreamTransport {
  private stream?: AbortController;
  private messageUrl?: URL;

  /** Opens the stream and waits (up to `timeoutMs`) for the endpoint event. */
  async start(timeoutMs = 10_000): Promise<void> {
    const { dispatcher, url } = this.endpoint;
    const controller = new AbortController();
    this.stream = controller;
    const timer = setTimeout(() => controller.abort(new Error('no endpoint event in time')), timeoutMs);
    let response;
    try {
      response = await dispatcher.request({
        method: 'GET',
        path: pathOf(url),
        headers: this.headers({ accept: 'text/event-stream' }),
        signal: controller.signal,
      });
    } catch (error) {
      clearTimeout(timer);
      throw unavailable(error);
    }
    if (response.statusCode !== 200) {
      clearTimeout(timer);
      await throwHttpFailure(response);
    }
    if (mediaTypeOf(response.headers) !== 'text/event-stream') {
      clearTimeout(timer);
      await response.body.dump();
      throw new UpstreamHttpError(502, 'the SSE endpoint did not answer with text/event-stream');
    }

    let announced!: (url: URL) => void;
    let refused!: (error: Error) => void;
    const endpoint = new Promise<URL>((resolve, reject) => {
      announced = resolve;
      refused = reject;
    });
    void readSseEvents(response.body, (event) => {
      if (event.event === 'endpoint') {
        try {
          const target = new URL(event.data, url);
          if (target.origin !== url.origin)
            throw new Error(`message endpoint ${target.origin} is off-origin`);
          announced(target);
        } catch (error) {
          refused(error instanceof Error ? error : new Error(String(error)));
        }
        return;
      }
      if (event.event === undefined || event.event === 'message')
        for (const item of messagesOf(event.data)) this.deliver(item);
    })
      .catch(() => undefined)
      .finally(() => {
        refused(new UpstreamUnavailableError('the SSE stream ended before naming its message endpoint'));
        this.finish();
      });
    try {
      this.messageUrl = await endpoint;
    } catch (error) {
      controller.abort();
      throw error instanceof UpstreamUnavailableError ? error : new UpstreamHttpError(502, String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  async send(message: JSONRPCMessage, options?: UpstreamSendOptions): Promise<void> {
    if (this.closed || !this.messageUrl) throw new UpstreamUnavailableError('the upstream session is closed');
    let response;
    try {
      response = await this.endpoint.dispatcher.request({
        method: 'POST',
        path: pathOf(this.messageUrl),
        headers: this.headers({ 'content-type': 'application/json' }),
        body: JSON.stringify(message),
        // undici takes any signal with addEventListener, a Cancellation included.
        signal: options?.signal,
      });
    } catch (error) {
      throw unavailable(error);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) await throwHttpFailure(response);
    await response.body.dump();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.stream?.abort();
      this.finish();
    }
    return Promise.resolve();
  }
}
