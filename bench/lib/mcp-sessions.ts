/**
 * MCP client sessions over raw undici (the SDK client is too heavy to load a server from 2 cores): Streamable
 * HTTP (replies as JSON or as an SSE stream per POST) and HTTP+SSE of 2024-11-05 (replies on the session's stream,
 * matched by id).
 */
import type { Pool } from 'undici';
import {
  asResponse,
  CallError,
  initializeParams,
  isResponse,
  notification,
  replyMessages,
  request,
  resultOf,
  sseReader,
  WrongAnswerError,
  type JsonObject,
  type RpcResponse,
} from './wire.js';

const STREAMABLE_VERSION = '2025-06-18';
const SSE_VERSION = '2024-11-05';
const ANSWER_TIMEOUT_MS = 15_000;

export interface McpClientSession {
  /** initialize → notifications/initialized. */
  open(): Promise<void>;
  /** Sends a request and resolves with the response carrying its id. */
  call(method: string, params?: JsonObject): Promise<JsonObject>;
  /** Ends the session (DELETE, or closing the stream); never throws. */
  close(): Promise<boolean>;
}

let nextSession = 0;

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** Streamable HTTP: one POST per message; the session id (when the server issues one) rides on every request. */
export class StreamableHttpSession implements McpClientSession {
  private readonly name = `h${nextSession++}`;
  private seq = 0;
  private sessionId?: string;
  private protocolVersion?: string;
  /** HTTP requests sent, for the report. */
  requests = 0;

  constructor(
    private readonly pool: Pool,
    private readonly path: string,
    private readonly authorization?: string,
    /**
     * Replies already parsed, by request (method and params): a JSON reply that is byte for byte the same apart
     * from its id (checked to be this request's own) is the same JSON, so its parsed result is reused instead of
     * parsing it again. For the listing workload, where parsing 300 KB per reply would make the load generator,
     * not the server, the limit; every reply is still compared in full and checked by the caller.
     */
    private readonly replies?: Map<string, { bytes: Buffer; result: JsonObject }>,
  ) {}

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    if (this.authorization) headers.authorization = this.authorization;
    if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
    if (this.protocolVersion) headers['mcp-protocol-version'] = this.protocolVersion;
    return headers;
  }

  async open(): Promise<void> {
    const result = await this.call('initialize', initializeParams(STREAMABLE_VERSION));
    this.protocolVersion =
      typeof result.protocolVersion === 'string' ? result.protocolVersion : STREAMABLE_VERSION;
    this.requests++;
    const res = await this.pool.request({
      method: 'POST',
      path: this.path,
      headers: this.headers(),
      body: notification('notifications/initialized'),
    });
    const text = await res.body.text();
    if (res.statusCode !== 202 && res.statusCode !== 200)
      throw new CallError(`notifications/initialized: HTTP ${res.statusCode} ${text.slice(0, 120)}`);
  }

  async call(method: string, params?: JsonObject): Promise<JsonObject> {
    const id = `${this.name}-${this.seq++}`;
    this.requests++;
    const res = await this.pool.request({
      method: 'POST',
      path: this.path,
      headers: this.headers(),
      body: request(id, method, params),
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200)
      throw new CallError(`${method}: HTTP ${res.statusCode} ${bytes.toString().slice(0, 160)}`);
    if (method === 'initialize') {
      const sessionId = headerText(res.headers['mcp-session-id']);
      if (sessionId) this.sessionId = sessionId;
    }
    // A reply compared byte for byte: no decoding, no parsing, when it matches one already parsed.
    const key = this.replies && `${method} ${JSON.stringify(params ?? {})}`;
    const head = Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":`);
    const own =
      key !== undefined && bytes.subarray(0, head.length).equals(head)
        ? bytes.subarray(head.length)
        : undefined;
    if (own !== undefined) {
      const known = this.replies!.get(key!);
      if (known?.bytes.equals(own)) return known.result;
    }
    const result = this.parseReply(method, id, headerText(res.headers['content-type']), bytes.toString());
    if (own !== undefined) this.replies!.set(key!, { bytes: own, result });
    return result;
  }

  private parseReply(method: string, id: string, contentType: string, text: string): JsonObject {
    const responses = replyMessages(contentType, text).filter(isResponse).map(asResponse);
    if (responses.length === 0) throw new CallError(`${method}: reply holds no response`);
    const answer = responses.find((r) => r.id === id);
    if (!answer)
      throw new WrongAnswerError(`${method}: reply is for id ${String(responses[0].id)}, not ${id}`);
    return resultOf(answer);
  }

  async close(): Promise<boolean> {
    if (!this.sessionId) return true;
    try {
      const res = await this.pool.request({ method: 'DELETE', path: this.path, headers: this.headers() });
      await res.body.dump();
      return res.statusCode < 300 || res.statusCode === 405;
    } catch {
      return false;
    }
  }
}

interface Pending {
  resolve: (response: RpcResponse) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * HTTP+SSE (2024-11-05): GET opens the stream, whose first `endpoint` event names the URL to POST to; every
 * answer arrives on the stream and is matched to its request by id. An answer whose id this session never sent
 * is another session's, and is reported through `onForeign`.
 */
export class SseSession implements McpClientSession {
  private readonly name = `s${nextSession++}`;
  private seq = 0;
  private postPath?: string;
  private readonly pending = new Map<string, Pending>();
  private readonly abort = new AbortController();
  private streamDone?: Promise<void>;
  private closed = false;
  requests = 0;

  constructor(
    private readonly streamPool: Pool,
    private readonly postPool: Pool,
    private readonly origin: string,
    private readonly path: string,
    private readonly authorization: string | undefined,
    private readonly onForeign: (detail: string) => void,
  ) {}

  private headers(extra: Record<string, string>): Record<string, string> {
    return this.authorization ? { ...extra, authorization: this.authorization } : extra;
  }

  async open(): Promise<void> {
    const res = await this.streamPool.request({
      method: 'GET',
      path: this.path,
      headers: this.headers({ accept: 'text/event-stream' }),
      signal: this.abort.signal,
    });
    if (res.statusCode !== 200) {
      const text = await res.body.text();
      throw new CallError(`GET ${this.path}: HTTP ${res.statusCode} ${text.slice(0, 120)}`);
    }
    let announce!: (path: string) => void;
    const endpoint = new Promise<string>((resolve) => (announce = resolve));
    const feed = sseReader((event) => {
      if (event.event === 'endpoint') {
        const url = new URL(event.data, `${this.origin}${this.path}`);
        announce(`${url.pathname}${url.search}`);
        return;
      }
      if (event.event && event.event !== 'message') return;
      this.dispatch(event.data);
    });
    // undici's body yields Buffers whatever its encoding; decode across chunk boundaries.
    const decoder = new TextDecoder();
    this.streamDone = (async () => {
      try {
        for await (const chunk of res.body) feed(decoder.decode(chunk as Buffer, { stream: true }));
      } catch {
        // aborted by close(), or the server went away: pending calls fail below
      }
      this.failPending(new CallError('SSE stream ended'));
    })();
    this.postPath = await Promise.race([
      endpoint,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new CallError('no endpoint event')), ANSWER_TIMEOUT_MS).unref(),
      ),
    ]);
    await this.call('initialize', initializeParams(SSE_VERSION));
    await this.post(notification('notifications/initialized'));
  }

  private dispatch(data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.onForeign(`unparsable event: ${data.slice(0, 80)}`);
      return;
    }
    const messages = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
    for (const message of messages) {
      if (typeof message !== 'object' || message === null) continue;
      const rpc = message as JsonObject;
      if (!isResponse(rpc)) continue; // a notification or a server request: not an answer
      const key = String(rpc.id);
      const waiting = this.pending.get(key);
      if (!waiting) {
        this.onForeign(`answer for id ${key} arrived on session ${this.name}`);
        continue;
      }
      this.pending.delete(key);
      clearTimeout(waiting.timer);
      waiting.resolve(asResponse(rpc));
    }
  }

  private failPending(error: Error): void {
    for (const [key, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(key);
      waiting.reject(error);
    }
  }

  private async post(body: string): Promise<void> {
    if (!this.postPath) throw new CallError('session not open');
    this.requests++;
    const res = await this.postPool.request({
      method: 'POST',
      path: this.postPath,
      headers: this.headers({ 'content-type': 'application/json' }),
      body,
    });
    const text = await res.body.text();
    if (res.statusCode !== 202 && res.statusCode !== 200)
      throw new CallError(`POST message: HTTP ${res.statusCode} ${text.slice(0, 120)}`);
  }

  async call(method: string, params?: JsonObject): Promise<JsonObject> {
    const id = `${this.name}-${this.seq++}`;
    const answer = new Promise<RpcResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CallError(`${method}: no answer on the stream in ${ANSWER_TIMEOUT_MS} ms`));
      }, ANSWER_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
    });
    try {
      await this.post(request(id, method, params));
    } catch (error) {
      const waiting = this.pending.get(id);
      if (waiting) {
        clearTimeout(waiting.timer);
        this.pending.delete(id);
      }
      answer.catch(() => undefined);
      throw error;
    }
    const response = await answer;
    if (response.id !== id) throw new WrongAnswerError(`${method}: answer for ${String(response.id)}`);
    return resultOf(response);
  }

  async close(): Promise<boolean> {
    if (this.closed) return true;
    this.closed = true;
    this.abort.abort();
    await this.streamDone;
    return true;
  }
}
