import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  ErrorCode,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type JSONRPCRequest,
  type Prompt,
  type RequestId,
  type Resource,
  type ResourceTemplate,
  type ServerCapabilities,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { SlotTable } from '@app/common';
import type { ClientRequestRelay, ToolInvocationContext, ToolProgress } from '@app/tools';
import { messageKind, type ShapedMessage } from './jsonrpc-shape.js';
import { UpstreamUnavailableError } from './upstream-errors.js';
import { SseUpstreamTransport } from './sse-upstream.transport.js';
import { StreamableHttpUpstreamTransport } from './streamable-http-upstream.transport.js';
import type { UpstreamEndpoint, UpstreamTransport } from './upstream-transport.js';

export type UpstreamTransportKind = 'SSE' | 'STREAMABLEHTTP';

/** A tools/call of ours waiting for its answer. */
interface PendingCall {
  resolve: (result: CallToolResult) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: ToolProgress) => void;
  relay?: ClientRequestRelay;
}

/** Our calls' ids on the wire: `gw-<handle>`, apart from the SDK's numeric ids. */
const CALL_ID_PREFIX = 'gw-';

/** Requests an upstream may make of us, relayed to the calling client. */
const RELAYED_METHODS = new Set(['sampling/createMessage', 'elicitation/create']);

export interface UpstreamSessionHooks {
  /** The upstream said a listing changed. */
  onListChanged?: (list: 'tools' | 'resources' | 'prompts') => void;
  onResourceUpdated?: (uri: string) => void;
  /** Answers the upstream's roots/list. */
  roots?: () => Promise<{ uri: string; name?: string }[]>;
}

export interface UpstreamSessionOptions {
  kind: UpstreamTransportKind;
  endpoint: UpstreamEndpoint;
  /** Limit of connecting and initializing. */
  connectTimeoutMs: number;
  /** Upper bound of one request (the tool policies' own timeout is shorter and fires first). */
  requestTimeoutMs: number;
  clientInfo: { name: string; version: string };
  hooks?: UpstreamSessionHooks;
}

/** Everything an upstream offers, as its listings say. */
export interface UpstreamCatalog {
  tools: Tool[];
  resources: Resource[];
  templates: ResourceTemplate[];
  prompts: Prompt[];
}

/** Longest wait for the calling client to answer a relayed request. */
const RELAY_TIMEOUT_MS = 5 * 60_000;

/**
 * One initialized MCP session with an upstream, shared by every client call routed to it: the SDK `Client`
 * (request ids, progress, cancellation, result validation) over our undici transport. Requests the upstream
 * makes during a call (sampling, elicitation) go back to the client whose call it is.
 */
export class UpstreamSession {
  readonly openedAt = Date.now();
  /** Calls in flight; a retired session closes when this reaches zero. */
  inFlight = 0;
  /** Called when the session ends without close() (the upstream went away or forgot it). */
  onLost?: () => void;
  /** What the upstream tells us; set by whoever pools the session (a probed session gets them on adoption). */
  hooks: UpstreamSessionHooks;
  /** Our tools/call requests in flight; a call's id on the wire is `gw-<its handle>` (never an SDK id). */
  private readonly calls = new SlotTable<PendingCall>();
  private closing = false;
  private retired = false;

  private constructor(
    readonly client: Client,
    private readonly transport: UpstreamTransport,
    private readonly options: UpstreamSessionOptions,
  ) {
    this.hooks = options.hooks ?? {};
  }

  /** Connects and initializes; rejects (closing what it opened) when that fails or takes too long. */
  static async open(options: UpstreamSessionOptions): Promise<UpstreamSession> {
    const transport =
      options.kind === 'SSE'
        ? new SseUpstreamTransport(options.endpoint)
        : new StreamableHttpUpstreamTransport(options.endpoint);
    const client = new Client(options.clientInfo, {
      capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: false } },
    });
    const session = new UpstreamSession(client, transport, options);
    session.wire();
    try {
      await client.connect(transport, { timeout: options.connectTimeoutMs });
    } catch (error) {
      session.closing = true;
      await transport.close().catch(() => undefined);
      throw error;
    }
    // Answers to our own calls, their progress and the upstream's requests are handled before the SDK's turn.
    transport.intercept = (message, relatedTo) => session.intercept(message, relatedTo);
    if (transport instanceof StreamableHttpUpstreamTransport) transport.openNotificationStream();
    return session;
  }

  get kind(): UpstreamTransportKind {
    return this.options.kind;
  }

  get capabilities(): ServerCapabilities {
    return this.client.getServerCapabilities() ?? {};
  }

  get serverInfo(): { name: string; version: string } | undefined {
    return this.client.getServerVersion();
  }

  get isOpen(): boolean {
    return !this.closing;
  }

  /**
   * tools/call on the hot path, beside the SDK's request machinery: one JSON-RPC request with our own id, whose
   * answer, progress and server requests the transport hands back by that id. No schema parse of the answer (it
   * goes to the client as the upstream gave it), no timers (the caller's signal carries timeout and cancel).
   */
  callTool(
    name: string,
    args: Record<string, unknown>,
    context: ToolInvocationContext,
  ): Promise<CallToolResult> {
    if (this.closing) return Promise.reject(new UpstreamUnavailableError('the upstream session is closed'));
    const { signal, onProgress, relay } = context;
    if (signal.aborted) return Promise.reject(toError(signal.reason));
    const { progressToken: _callers, ...meta } = context.meta ?? {};
    this.inFlight++;
    // Everything that refers to the call is made here, with the entry: an entry made first and given its
    // functions later (patched fields) kept whole calls alive past scavenges under load ("Fourth round").
    return new Promise<CallToolResult>((resolve, reject) => {
      const handle = this.calls.add({
        resolve: (result) => settle() && resolve(result),
        reject: (error) => settle() && reject(error),
        onProgress,
        relay,
      });
      const id = `${CALL_ID_PREFIX}${handle}`;
      if (onProgress) meta.progressToken = id;
      const settle = (): boolean => {
        if (!this.calls.delete(handle)) return false;
        signal.removeEventListener('abort', onAbort);
        this.inFlight--;
        if (this.retired && this.inFlight === 0) void this.close();
        return true;
      };
      const onAbort = (): void => {
        if (!settle()) return;
        reject(toError(signal.reason));
        // Tell the upstream to stop; the answer stream is cut by the same signal.
        this.transport
          .send({
            jsonrpc: '2.0',
            method: 'notifications/cancelled',
            params: {
              requestId: id,
              reason: String((signal.reason as Error | undefined)?.message ?? 'cancelled'),
            },
          })
          .catch(() => undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const request = {
        jsonrpc: '2.0' as const,
        id,
        method: 'tools/call',
        params: { name, arguments: args, ...(Object.keys(meta).length > 0 && { _meta: meta }) },
      };
      this.transport.send(request, { signal }).catch((error: unknown) => {
        if (settle()) reject(toError(error));
      });
    });
  }

  readResource(uri: string, signal?: AbortSignal) {
    return this.within(() =>
      this.client.readResource({ uri }, { signal, timeout: this.options.requestTimeoutMs }),
    );
  }

  getPrompt(name: string, args: Record<string, string>, signal?: AbortSignal) {
    return this.within(() =>
      this.client.getPrompt({ name, arguments: args }, { signal, timeout: this.options.requestTimeoutMs }),
    );
  }

  complete(params: Parameters<Client['complete']>[0], signal?: AbortSignal) {
    return this.within(() =>
      this.client.complete(params, { signal, timeout: this.options.requestTimeoutMs }),
    );
  }

  ping(timeoutMs: number): Promise<unknown> {
    return this.client.ping({ timeout: timeoutMs });
  }

  /** Every tool, resource, template and prompt the upstream lists (following cursors), per its capabilities. */
  async catalog(timeoutMs: number): Promise<UpstreamCatalog> {
    const options = { timeout: timeoutMs };
    const caps = this.capabilities;
    const pages = async <T>(
      fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>,
    ): Promise<T[]> => {
      const all: T[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const { items, nextCursor } = await fetch(cursor);
        all.push(...items);
        if (!nextCursor || nextCursor === cursor) break;
        cursor = nextCursor;
      }
      return all;
    };
    const [tools, resources, templates, prompts] = await Promise.all([
      caps.tools
        ? pages(async (cursor) => {
            const r = await this.client.listTools(cursor ? { cursor } : undefined, options);
            return { items: r.tools, nextCursor: r.nextCursor };
          })
        : [],
      caps.resources
        ? pages(async (cursor) => {
            const r = await this.client.listResources(cursor ? { cursor } : undefined, options);
            return { items: r.resources, nextCursor: r.nextCursor };
          })
        : [],
      caps.resources
        ? pages(async (cursor) => {
            const r = await this.client.listResourceTemplates(cursor ? { cursor } : undefined, options);
            return { items: r.resourceTemplates, nextCursor: r.nextCursor };
          }).catch(() => [] as ResourceTemplate[]) // servers without templates may answer -32601
        : [],
      caps.prompts
        ? pages(async (cursor) => {
            const r = await this.client.listPrompts(cursor ? { cursor } : undefined, options);
            return { items: r.prompts, nextCursor: r.nextCursor };
          })
        : [],
    ]);
    return { tools, resources, templates, prompts };
  }

  /** Closes now (the upstream is told with DELETE where the transport has sessions). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.client.close().catch(() => undefined);
  }

  private failCalls(reason: string): void {
    for (const call of this.calls.values()) call.reject(new McpError(ErrorCode.ConnectionClosed, reason));
  }

  /** Stops taking new calls and closes once the calls in flight are done. */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0) void this.close();
  }

  /** Runs an SDK request, counting it in flight so a retired session closes only when it is done. */
  private async within<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      if (this.retired && this.inFlight === 0) void this.close();
    }
  }

  /** Takes what belongs to our own calls: their answers, their progress, and requests made during them. */
  private intercept(message: unknown, relatedTo: RequestId | undefined): boolean {
    const kind = messageKind(message);
    const m = message as ShapedMessage;
    if (kind === 'result' || kind === 'error') {
      const call = this.callOf(m.id);
      if (!call) return false;
      if (m.error) call.reject(new McpError(m.error.code, m.error.message, m.error.data));
      else call.resolve(asCallToolResult(m.result as Record<string, unknown>));
      return true;
    }
    if (kind === 'request') {
      void this.answer(message as JSONRPCRequest, relatedTo);
      return true;
    }
    if (kind === 'notification' && m.method === 'notifications/progress') {
      const params = m.params ?? {};
      const token = params.progressToken;
      const call = this.callOf(token);
      if (!call) return false;
      if (typeof params.progress === 'number')
        call.onProgress?.({
          progress: params.progress,
          ...(typeof params.total === 'number' && { total: params.total }),
          ...(typeof params.message === 'string' && { message: params.message }),
        });
      return true;
    }
    return false;
  }

  private wire(): void {
    const { client } = this;
    client.onclose = () => {
      // Answers to our own calls can no longer arrive (the SDK fails its own requests itself).
      this.failCalls('the upstream session ended before answering');
      if (this.closing) return;
      this.closing = true;
      this.onLost?.();
    };
    client.onerror = () => undefined;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () =>
      this.hooks.onListChanged?.('tools'),
    );
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () =>
      this.hooks.onListChanged?.('resources'),
    );
    client.setNotificationHandler(PromptListChangedNotificationSchema, () =>
      this.hooks.onListChanged?.('prompts'),
    );
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) =>
      this.hooks.onResourceUpdated?.(n.params.uri),
    );
  }

  /** Answers one request the upstream made of us. */
  private async answer(request: JSONRPCRequest, relatedTo: RequestId | undefined): Promise<void> {
    const reply = (body: { result: Record<string, unknown> } | { error: McpErrorBody }) =>
      this.transport.send({ jsonrpc: '2.0', id: request.id, ...body }).catch(() => undefined);
    try {
      if (request.method === 'ping') return void (await reply({ result: {} }));
      if (request.method === 'roots/list') {
        const roots = (await this.hooks.roots?.()) ?? [];
        return void (await reply({ result: { roots } }));
      }
      if (!RELAYED_METHODS.has(request.method))
        return void (await reply({
          error: { code: ErrorCode.MethodNotFound, message: `Method not found: ${request.method}` },
        }));
      const scope = this.scopeOf(relatedTo);
      if (!scope?.relay)
        return void (await reply({
          error: {
            code: ErrorCode.InvalidRequest,
            message: scope
              ? `The client that made this call does not support ${request.method}`
              : `${request.method} can only be relayed during a tool call of a client that supports it`,
          },
        }));
      const { _meta: _ignored, ...params } = (request.params ?? {}) as Record<string, unknown>;
      const result = await scope.relay(request.method, params, AbortSignal.timeout(RELAY_TIMEOUT_MS));
      await reply({ result });
    } catch (error) {
      await reply({
        error:
          error instanceof McpError
            ? { code: error.code, message: error.message }
            : {
                code: ErrorCode.InternalError,
                message: error instanceof Error ? error.message : 'relay failed',
              },
      });
    }
  }

  /**
   * The call a server request belongs to: the request whose stream carried it, or, when the transport cannot
   * tell (HTTP+SSE), the only call in flight.
   */
  private scopeOf(relatedTo: RequestId | undefined): PendingCall | undefined {
    if (relatedTo !== undefined) return this.callOf(relatedTo);
    return this.calls.size === 1 ? this.calls.values()[0] : undefined;
  }

  /** The call of ours a wire id (or progress token) names: `gw-<handle>`. */
  private callOf(id: unknown): PendingCall | undefined {
    if (typeof id !== 'string' || !id.startsWith(CALL_ID_PREFIX)) return undefined;
    const digits = id.length - CALL_ID_PREFIX.length;
    if (digits < 1 || digits > 16) return undefined;
    let handle = 0;
    for (let i = CALL_ID_PREFIX.length; i < id.length; i++) {
      const digit = id.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return undefined;
      handle = handle * 10 + digit;
    }
    return this.calls.get(handle);
  }
}

interface McpErrorBody {
  code: number;
  message: string;
}

/** An answer's result as a tool result; a result without content gets an empty list (the spec requires one). */
function asCallToolResult(result: Record<string, unknown>): CallToolResult {
  return (Array.isArray(result.content) ? result : { ...result, content: [] }) as CallToolResult;
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}
