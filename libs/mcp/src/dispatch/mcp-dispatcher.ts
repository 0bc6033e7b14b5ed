import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { appInfo, Cancellation, GatewayConfig, GatewayException, JsonSchemaValidator } from '@app/common';
import { GatewaysService, UpstreamContent } from '@app/gateways';
import { PromptsService } from '@app/prompts';
import { ResourcesService } from '@app/resources';
import { MetricsRecorder } from '@app/metrics';
import { ToolInvocationService, ToolsException, type ClientRequestRelay } from '@app/tools';
import { McpCatalog, type CatalogView } from '../catalog/mcp-catalog.js';
import {
  errorResponse,
  McpError,
  preserialized,
  resultResponse,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from '../protocol/jsonrpc.js';
import { negotiateVersion } from '../protocol/versions.js';
import type { LogLevel, McpSession } from '../session/mcp-session.js';
import { cursorOffset, paginate } from './pagination.js';

type Params = Record<string, unknown>;
type Result = Record<string, unknown>;

const LOG_LEVELS: LogLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/** What the gateway can do, said truthfully in `initialize`. */
export const SERVER_CAPABILITIES = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
} as const;

/** Requests an upstream may make during a call, with the client capability each needs. */
const RELAYABLE: Record<string, string> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
};

/** How long a relayed request waits for the client (a person may be answering an elicitation). */
const RELAY_TIMEOUT_MS = 5 * 60_000;

/**
 * Whether `uri` is one of the URIs an RFC 6570 template describes: `{var}` stands for one path segment,
 * `{+var}` and `{#var}` for anything, `{?a,b}` and `{&a}` for a query part.
 */
export function matchesUriTemplate(template: string, uri: string): boolean {
  let pattern = '';
  let last = 0;
  for (const match of template.matchAll(/\{([+#?&/.;]?)[^}]*\}/g)) {
    pattern += escapeRegExp(template.slice(last, match.index));
    const operator = match[1];
    pattern +=
      operator === '+' || operator === '#'
        ? '.*'
        : operator === '?' || operator === '&'
          ? '(?:[?&].*)?'
          : operator === '/'
            ? '(?:/[^?#]*)?'
            : '[^/?#]*';
    last = (match.index ?? 0) + match[0].length;
  }
  pattern += escapeRegExp(template.slice(last));
  return new RegExp(`^${pattern}$`).test(uri);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function stringParam(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value.length === 0)
    throw McpError.invalidParams(`params.${name} must be a non-empty string`);
  return value;
}

function objectParam(params: Params, name: string): Params {
  const value = params[name];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw McpError.invalidParams(`params.${name} must be an object`);
  return value as Params;
}

/**
 * Maps MCP methods onto the registries for one session's scope. It reads the in-memory catalogue for every
 * listing and lookup; only content (resources/read, prompts/get) goes to the registries.
 */
@Injectable()
export class McpDispatcher {
  private readonly descriptors = new WeakMap<CatalogView, Record<string, unknown>[]>();
  /** Listing pages of a catalogue snapshot, by list and offset, with their JSON (snapshots are immutable). */
  private readonly pages = new WeakMap<CatalogView, Map<string, Result>>();

  constructor(
    private readonly catalog: McpCatalog,
    private readonly resources: ResourcesService,
    private readonly prompts: PromptsService,
    private readonly schemas: JsonSchemaValidator,
    private readonly config: GatewayConfig,
    private readonly invocations: ToolInvocationService,
    private readonly metrics: MetricsRecorder,
    private readonly upstream: UpstreamContent,
    private readonly gateways: GatewaysService,
  ) {}

  /** Answers one request; every failure becomes a JSON-RPC error response, never an exception. */
  async handleRequest(
    session: McpSession,
    request: JsonRpcRequest,
    controller: Cancellation = new Cancellation(),
  ): Promise<JsonRpcResponse> {
    try {
      return resultResponse(
        request.id,
        await this.dispatch(session, request.method, request.params ?? {}, controller),
      );
    } catch (error) {
      return this.toError(request, error);
    }
  }

  /** Handles a notification from the client (nothing is answered). */
  handleNotification(session: McpSession, notification: JsonRpcNotification): void {
    const params = notification.params ?? {};
    switch (notification.method) {
      case 'notifications/initialized':
        session.initialized = true;
        return;
      case 'notifications/cancelled': {
        const id = params.requestId;
        if (typeof id === 'string' || typeof id === 'number')
          session.cancel(id, new Error('cancelled by the client'));
        return;
      }
      default:
        // Unknown notifications are ignored, as JSON-RPC requires (roots/list_changed, progress, …).
        return;
    }
  }

  private async dispatch(
    session: McpSession,
    method: string,
    params: Params,
    controller: Cancellation,
  ): Promise<Result> {
    switch (method) {
      case 'initialize':
        return this.initialize(session, params);
      case 'ping':
        return {};
      case 'tools/list':
        return this.listing(await this.scope(session), 'tools', params, (view) =>
          this.listTools(view, params),
        );
      case 'tools/call':
        return this.callTool(session, await this.scope(session), params, controller);
      case 'resources/list':
        return this.listing(await this.scope(session), 'resources', params, (view) =>
          this.listResources(view, params),
        );
      case 'resources/templates/list':
        return this.listing(await this.scope(session), 'templates', params, (view) =>
          this.listTemplates(view, params),
        );
      case 'resources/read':
        return this.readResource(await this.scope(session), params);
      case 'resources/subscribe':
        return this.subscribe(session, await this.scope(session), params, true);
      case 'resources/unsubscribe':
        return this.subscribe(session, await this.scope(session), params, false);
      case 'prompts/list':
        return this.listing(await this.scope(session), 'prompts', params, (view) =>
          this.listPrompts(view, params),
        );
      case 'prompts/get':
        return this.getPrompt(await this.scope(session), params);
      case 'completion/complete':
        return this.complete(await this.scope(session), params);
      case 'logging/setLevel':
        return this.setLevel(session, params);
      case 'list_gateways':
        // The reference's /rpc shorthand; only in the catalogue's scope (a virtual server knows no upstreams).
        if (session.serverId !== null) throw McpError.methodNotFound(method);
        return { gateways: await this.gateways.listGateways() };
      default:
        throw McpError.methodNotFound(method);
    }
  }

  private initialize(session: McpSession, params: Params): Result {
    const requested = stringParam(params, 'protocolVersion');
    session.protocolVersion = negotiateVersion(requested);
    session.clientCapabilities = objectParam(params, 'capabilities');
    const info = objectParam(params, 'clientInfo');
    session.clientInfo = {
      name: typeof info.name === 'string' ? info.name : undefined,
      version: typeof info.version === 'string' ? info.version : undefined,
    };
    return {
      protocolVersion: session.protocolVersion,
      capabilities: SERVER_CAPABILITIES,
      serverInfo: { name: this.config.appName, version: appInfo().version },
    };
  }

  /** The session's scope; synchronous while the catalogue snapshot is current (the data path's usual case). */
  private scope(session: McpSession): CatalogView | Promise<CatalogView> {
    const view = this.catalog.viewOf(session.serverId);
    return view instanceof Promise
      ? view.then((found) => this.existing(session, found))
      : this.existing(session, view);
  }

  private existing(session: McpSession, view: CatalogView | undefined): CatalogView {
    if (!view)
      throw new McpError(
        ErrorCode.InvalidRequest,
        `Virtual server ${session.serverId} no longer exists or is inactive`,
      );
    return view;
  }

  /**
   * A listing page. A snapshot's pages (at the offsets its cursors name) are built and serialized once and
   * shared by every answer until the catalogue changes; any other offset is built afresh.
   */
  private listing(
    view: CatalogView,
    list: string,
    params: Params,
    build: (view: CatalogView) => Result,
  ): Result {
    const offset = cursorOffset(params.cursor);
    if (offset % this.config.mcpListPageSize !== 0) return build(view);
    let pages = this.pages.get(view);
    if (!pages) {
      pages = new Map();
      this.pages.set(view, pages);
    }
    const key = `${list}:${offset}`;
    let page = pages.get(key);
    if (!page) {
      page = preserialized(build(view));
      pages.set(key, page);
    }
    return page;
  }

  private listTools(view: CatalogView, params: Params): Result {
    const { page, nextCursor } = paginate(
      this.toolDescriptors(view),
      params.cursor,
      this.config.mcpListPageSize,
    );
    return { tools: page, ...(nextCursor && { nextCursor }) };
  }

  /** A scope's tools as tools/list shows them, built once per catalogue snapshot (views are immutable). */
  private toolDescriptors(view: CatalogView): Record<string, unknown>[] {
    let descriptors = this.descriptors.get(view);
    if (!descriptors) {
      descriptors = [...view.tools.values()].map((tool) => {
        const title = typeof tool.annotations?.title === 'string' ? tool.annotations.title : undefined;
        return {
          name: tool.name,
          ...(title && { title }),
          ...(tool.description && { description: tool.description }),
          inputSchema: tool.inputSchema,
          ...(tool.outputSchema && { outputSchema: tool.outputSchema }),
          ...(tool.annotations &&
            Object.keys(tool.annotations).length > 0 && { annotations: tool.annotations }),
        };
      });
      this.descriptors.set(view, descriptors);
    }
    return descriptors;
  }

  /**
   * tools/call: unknown tool or invalid arguments are protocol errors (-32602); everything the tool or its
   * upstream does wrong, and the per-tool limits, come back as a result with `isError: true`.
   */
  private async callTool(
    session: McpSession,
    view: CatalogView,
    params: Params,
    controller: Cancellation,
  ): Promise<Result> {
    const name = stringParam(params, 'name');
    const tool = view.tools.get(name);
    if (!tool) throw McpError.invalidParams(`Unknown tool: ${name}`);
    const args = objectParam(params, 'arguments');
    const meta = objectParam(params, '_meta');
    const token = meta.progressToken;
    // The request's own controller (one per request, see MessageProcessor) carries cancel and timeout alike.
    const signal = controller.signal;
    const started = performance.now();
    let result: Result;
    try {
      result = (await this.invocations.callTool(tool, args, {
        signal,
        meta,
        onProgress:
          typeof token === 'string' || typeof token === 'number'
            ? (p) => session.notify('notifications/progress', { progressToken: token, ...p })
            : undefined,
        relay: this.relayTo(session),
        abort: (reason) => controller.abort(reason),
      })) as unknown as Result;
    } catch (error) {
      if (
        error instanceof ToolsException &&
        (error.code === 'TOOL_RATE_LIMITED' || error.code === 'TOOL_CONCURRENCY_LIMITED')
      ) {
        result = { content: [{ type: 'text', text: error.message }], isError: true };
      } else {
        throw error;
      }
    }
    if (session.serverId)
      this.metrics.record('server', session.serverId, performance.now() - started, result.isError !== true);
    return result;
  }

  /**
   * Relays what an upstream asks during a call (sampling, elicitation) to this session's client, when it
   * declared the capability; otherwise the upstream gets a clear refusal.
   */
  private relayTo(session: McpSession): ClientRequestRelay {
    return (method, params) => {
      const capability = RELAYABLE[method];
      if (!capability) return Promise.reject(McpError.methodNotFound(method));
      if (!(capability in session.clientCapabilities))
        return Promise.reject(
          new McpError(
            ErrorCode.InvalidRequest,
            `The client of this call does not support ${capability} (${method})`,
          ),
        );
      return session.request(method, params, RELAY_TIMEOUT_MS);
    };
  }

  private listResources(view: CatalogView, params: Params): Result {
    const { page, nextCursor } = paginate(
      [...view.resources.values()],
      params.cursor,
      this.config.mcpListPageSize,
    );
    return {
      resources: page.map((r) => ({
        uri: r.uri,
        name: r.name,
        ...(r.description && { description: r.description }),
        ...(r.mimeType && { mimeType: r.mimeType }),
        ...(r.size > 0 && { size: r.size }),
      })),
      ...(nextCursor && { nextCursor }),
    };
  }

  private listTemplates(view: CatalogView, params: Params): Result {
    const { page, nextCursor } = paginate(view.templates, params.cursor, this.config.mcpListPageSize);
    return {
      resourceTemplates: page.map((r) => ({
        uriTemplate: r.template,
        name: r.name,
        ...(r.description && { description: r.description }),
        ...(r.mimeType && { mimeType: r.mimeType }),
      })),
      ...(nextCursor && { nextCursor }),
    };
  }

  private async readResource(view: CatalogView, params: Params): Promise<Result> {
    const uri = stringParam(params, 'uri');
    let contents;
    if (view.resources.has(uri)) {
      contents = await this.resources.readResourceContents(uri);
    } else {
      // A URI of an imported template is read from the upstream that offers the template.
      const template = view.templates.find(
        (t) => t.gatewayId && t.template && matchesUriTemplate(t.template, uri),
      );
      // MCP's "resource not found" error code (-32002), as the specification names it.
      if (!template?.gatewayId) throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
      contents = await this.resources.readUpstreamResource(template.gatewayId, uri);
    }
    return {
      contents: contents.map((content) => ({
        uri: content.uri,
        ...(content.mimeType && { mimeType: content.mimeType }),
        ...(content.text !== undefined ? { text: content.text } : { blob: content.blob }),
      })),
    };
  }

  private subscribe(session: McpSession, view: CatalogView, params: Params, on: boolean): Result {
    const uri = stringParam(params, 'uri');
    if (on && !view.resources.has(uri)) throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
    if (on) session.subscriptions.add(uri);
    else session.subscriptions.delete(uri);
    return {};
  }

  private listPrompts(view: CatalogView, params: Params): Result {
    const { page, nextCursor } = paginate(
      [...view.prompts.values()],
      params.cursor,
      this.config.mcpListPageSize,
    );
    return {
      prompts: page.map((p) => ({
        name: p.name,
        ...(p.description && { description: p.description }),
        arguments: p.arguments.map((a) => ({
          name: a.name,
          ...(a.description && { description: a.description }),
          required: a.required,
        })),
      })),
      ...(nextCursor && { nextCursor }),
    };
  }

  private async getPrompt(view: CatalogView, params: Params): Promise<Result> {
    const name = stringParam(params, 'name');
    if (!view.prompts.has(name)) throw McpError.invalidParams(`Unknown prompt: ${name}`);
    const args = objectParam(params, 'arguments');
    const result = await this.prompts.renderPrompt(name, args);
    return { ...(result.description && { description: result.description }), messages: result.messages };
  }

  /**
   * Completion of prompt arguments and resource-template variables: from the values their schemas allow, or,
   * for what an upstream offers, by the upstream.
   */
  private async complete(view: CatalogView, params: Params): Promise<Result> {
    const ref = objectParam(params, 'ref');
    const argument = objectParam(params, 'argument');
    const argName = stringParam(argument, 'name');
    const typed = typeof argument.value === 'string' ? argument.value : '';
    const context = objectParam(params, 'context');
    const contextArgs = context.arguments as Record<string, string> | undefined;
    let candidates: unknown[] = [];
    if (ref.type === 'ref/prompt') {
      const prompt = view.prompts.get(stringParam(ref, 'name'));
      if (!prompt) throw McpError.invalidParams(`Unknown prompt: ${String(ref.name)}`);
      if (prompt.gatewayId)
        return {
          ...(await this.upstream.complete(
            prompt.gatewayId,
            { type: 'ref/prompt', name: prompt.originalName },
            { name: argName, value: typed },
            contextArgs && { arguments: contextArgs },
          )),
        };
      const properties = (prompt.argumentSchema.properties ?? {}) as Record<
        string,
        { enum?: unknown[]; examples?: unknown[] }
      >;
      candidates = properties[argName]?.enum ?? properties[argName]?.examples ?? [];
    } else if (ref.type === 'ref/resource') {
      const uri = stringParam(ref, 'uri');
      const template = view.templates.find((t) => t.template === uri);
      if (!template && !view.resources.has(uri)) throw McpError.invalidParams(`Unknown resource: ${uri}`);
      const owner = template?.gatewayId ?? view.resources.get(uri)?.gatewayId;
      if (owner)
        return {
          ...(await this.upstream.complete(
            owner,
            { type: 'ref/resource', uri },
            { name: argName, value: typed },
            contextArgs && { arguments: contextArgs },
          )),
        };
    } else {
      throw McpError.invalidParams('params.ref.type must be ref/prompt or ref/resource');
    }
    const values = candidates.map(String).filter((v) => v.startsWith(typed));
    return {
      completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 },
    };
  }

  private setLevel(session: McpSession, params: Params): Result {
    const level = stringParam(params, 'level');
    if (!LOG_LEVELS.includes(level as LogLevel))
      throw McpError.invalidParams(`params.level must be one of ${LOG_LEVELS.join(', ')}`);
    session.logLevel = level as LogLevel;
    return {};
  }

  private toError(request: JsonRpcRequest, error: unknown): JsonRpcResponse {
    if (error instanceof McpError) return errorResponse(request.id, error.code, error.message, error.data);
    if (error instanceof GatewayException) {
      // A registry said no: the client's fault (4xx) is Invalid Params; anything else is ours.
      const known = error as GatewayException;
      const code = Number(known.status) < 500 ? ErrorCode.InvalidParams : ErrorCode.InternalError;
      return errorResponse(request.id, code, known.message, { code: known.code });
    }
    return errorResponse(request.id, ErrorCode.InternalError, 'Internal error');
  }
}
