import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { Cancellation, GatewayException, JsonSchemaValidator, loadGatewayConfig } from '@app/common';
import type { PromptsService } from '@app/prompts';
import type { ResourcesService } from '@app/resources';
import { ToolsException, type ToolInvocationService, type ToolRecord } from '@app/tools';
import type { GatewaysService, UpstreamContent } from '@app/gateways';
import type { MetricsRecorder } from '@app/metrics';
import type { CatalogView, McpCatalog } from '../catalog/mcp-catalog.js';
import { serializeMessage, type JsonRpcError, type JsonRpcResult } from '../protocol/jsonrpc.js';
import { McpSession } from '../session/mcp-session.js';
import { matchesUriTemplate, McpDispatcher } from './mcp-dispatcher.js';

function tool(name: string): ToolRecord {
  return {
    id: name,
    name,
    originalName: name,
    integrationType: 'REST',
    requestType: 'POST',
    inputSchema: { type: 'object', properties: {} },
    annotations: {},
    isActive: true,
    reachable: true,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

function makeSut(
  options: { tools?: number; renderError?: Error; callError?: Error; pageSize?: number } = {},
) {
  const view: CatalogView = {
    tools: new Map(
      Array.from({ length: options.tools ?? 3 }, (_, i) => tool(`t${i}`)).map((t) => [t.name, t]),
    ),
    resources: new Map(),
    templates: [],
    prompts: new Map([
      [
        'greet',
        {
          name: 'greet',
          description: 'Greets',
          arguments: [{ name: 'user', required: true }],
          argumentSchema: { properties: { user: { enum: ['alice', 'albert', 'bob'] } } },
        } as never,
      ],
    ]),
  };
  const catalog = {
    viewOf: (id: string | null) => Promise.resolve(id === null ? view : undefined),
  } as unknown as McpCatalog;
  const prompts = {
    renderPrompt: () =>
      options.renderError
        ? Promise.reject(options.renderError)
        : Promise.resolve({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }] }),
  } as unknown as PromptsService;
  const invocations = {
    callTool: (t: ToolRecord, args: Record<string, unknown>) =>
      options.callError
        ? Promise.reject(options.callError)
        : Promise.resolve({ content: [{ type: 'text', text: `${t.name}:${JSON.stringify(args)}` }] }),
  } as unknown as ToolInvocationService;
  const metrics = { record: () => undefined } as unknown as MetricsRecorder;
  const sut = new McpDispatcher(
    catalog,
    {} as ResourcesService,
    prompts,
    new JsonSchemaValidator(),
    loadGatewayConfig(options.pageSize ? { MCP_LIST_PAGE_SIZE: String(options.pageSize) } : {}),
    invocations,
    metrics,
    {} as UpstreamContent,
    { listGateways: () => Promise.resolve([]) } as unknown as GatewaysService,
  );
  return { sut, session: new McpSession(null, { username: 'admin', method: 'basic' }) };
}

const call = async (
  sut: McpDispatcher,
  session: McpSession,
  method: string,
  params?: Record<string, unknown>,
) => sut.handleRequest(session, { jsonrpc: '2.0', id: 1, method, ...(params && { params }) });

const result = (r: unknown) => (r as JsonRpcResult).result;
const error = (r: unknown) => (r as JsonRpcError).error;

describe(McpDispatcher.name, () => {
  it('answers initialize with the client’s version when supported and states its capabilities', async () => {
    const { sut, session } = makeSut();
    const res = result(
      await call(sut, session, 'initialize', {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'c', version: '1' },
      }),
    );
    expect(res.protocolVersion).toBe('2025-03-26');
    expect(res.capabilities).toMatchObject({
      tools: { listChanged: true },
      resources: { subscribe: true },
      prompts: {},
    });
    expect(session.clientInfo).toEqual({ name: 'c', version: '1' });
    expect(
      result(await call(sut, session, 'initialize', { protocolVersion: '1999-01-01' })).protocolVersion,
    ).toBe('2025-11-25');
  });

  it('pages tools/list MCP_LIST_PAGE_SIZE at a time', async () => {
    const { sut, session } = makeSut({ tools: 150, pageSize: 100 });
    const first = result(await call(sut, session, 'tools/list'));
    expect(first.tools).toHaveLength(100);
    const second = result(await call(sut, session, 'tools/list', { cursor: first.nextCursor }));
    expect(second.tools).toHaveLength(50);
    expect(second.nextCursor).toBeUndefined();
  });

  it('builds and serializes each listing page once per catalogue snapshot, shared by every answer', async () => {
    const { sut, session } = makeSut({ tools: 150, pageSize: 100 });
    const first = result(await call(sut, session, 'tools/list'));
    const again = result(await call(sut, session, 'tools/list'));
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const answer = await call(sut, session, 'tools/list');
    expect(JSON.parse(serializeMessage(answer))).toEqual(JSON.parse(JSON.stringify(answer)));
    const prompts = result(await call(sut, session, 'prompts/list'));
    expect(result(await call(sut, session, 'prompts/list'))).toBe(prompts);
    expect(prompts).not.toBe(first);
  });

  it.each([
    ['an unknown method', 'tools/destroy', undefined, ErrorCode.MethodNotFound],
    ['initialize without a version', 'initialize', {}, ErrorCode.InvalidParams],
    ['a bad cursor', 'tools/list', { cursor: 'nope' }, ErrorCode.InvalidParams],
    ['an unknown prompt', 'prompts/get', { name: 'nope' }, ErrorCode.InvalidParams],
    ['a non-object arguments', 'prompts/get', { name: 'greet', arguments: 'x' }, ErrorCode.InvalidParams],
    ['a resource outside the scope', 'resources/read', { uri: 'config://x' }, -32002],
    ['a bad log level', 'logging/setLevel', { level: 'loud' }, ErrorCode.InvalidParams],
  ])('answers %s with error %s', async (_what, method, params, code) => {
    const { sut, session } = makeSut();
    expect(error(await call(sut, session, method, params)).code).toBe(code);
  });

  it('turns a registry’s client error into Invalid Params and anything else into a bare Internal Error', async () => {
    const refused = makeSut({
      renderError: new GatewayException(
        'PROMPT_ARGUMENTS_INVALID',
        'missing user',
        HttpStatus.UNPROCESSABLE_ENTITY,
      ),
    });
    expect(error(await call(refused.sut, refused.session, 'prompts/get', { name: 'greet' }))).toMatchObject({
      code: ErrorCode.InvalidParams,
      message: 'missing user',
    });
    const broken = makeSut({ renderError: new Error('db password is hunter2') });
    const e = error(await call(broken.sut, broken.session, 'prompts/get', { name: 'greet' }));
    expect(e).toEqual({ code: ErrorCode.InternalError, message: 'Internal error' });
  });

  it('calls a tool in scope, refuses an unknown one with Invalid Params, and turns limits into isError results', async () => {
    const { sut, session } = makeSut();
    expect(
      result(await call(sut, session, 'tools/call', { name: 't1', arguments: { q: 'x' } })).content,
    ).toEqual([{ type: 'text', text: 't1:{"q":"x"}' }]);
    expect(error(await call(sut, session, 'tools/call', { name: 'zz' }))).toMatchObject({
      code: ErrorCode.InvalidParams,
      message: 'Unknown tool: zz',
    });
    const limited = makeSut({
      callError: new ToolsException('TOOL_RATE_LIMITED', 'Rate limit of t1 reached'),
    });
    expect(result(await call(limited.sut, limited.session, 'tools/call', { name: 't1' }))).toMatchObject({
      isError: true,
      content: [{ text: 'Rate limit of t1 reached' }],
    });
    const invalid = makeSut({ callError: new ToolsException('TOOL_ARGUMENTS_INVALID', 'q must be string') });
    expect(error(await call(invalid.sut, invalid.session, 'tools/call', { name: 't1' })).code).toBe(
      ErrorCode.InvalidParams,
    );
  });

  it('completes prompt arguments from the values their schema allows', async () => {
    const { sut, session } = makeSut();
    const res = result(
      await call(sut, session, 'completion/complete', {
        ref: { type: 'ref/prompt', name: 'greet' },
        argument: { name: 'user', value: 'al' },
      }),
    );
    expect(res.completion).toEqual({ values: ['alice', 'albert'], total: 2, hasMore: false });
  });

  it('aborts the in-flight request named by notifications/cancelled, and only that one', () => {
    const { sut, session } = makeSut();
    const controller = new Cancellation();
    const other = new Cancellation();
    session.track(7, controller);
    session.track('7', other);
    sut.handleNotification(session, {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 7 },
    });
    expect(controller.signal.aborted).toBe(true);
    expect(other.signal.aborted).toBe(false);
  });

  it('no longer aborts a request once it is answered', () => {
    const { sut, session } = makeSut();
    const controller = new Cancellation();
    session.untrack(session.track(7, controller));
    sut.handleNotification(session, {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 7 },
    });
    expect(controller.signal.aborted).toBe(false);
  });
});

describe('matchesUriTemplate', () => {
  it.each([
    ['test://items/{id}', 'test://items/42', true],
    ['test://items/{id}', 'test://items/42/more', false],
    ['test://items/{id}', 'test://other/42', false],
    ['file:///{+path}', 'file:///a/b/c.txt', true],
    ['api://search{?q,lang}', 'api://search?q=x&lang=en', true],
    ['api://search{?q,lang}', 'api://search', true],
    ['a.b://{x}', 'aXb://1', false],
  ])('%s matches %s: %s', (template, uri, expected) => {
    expect(matchesUriTemplate(template, uri)).toBe(expected);
  });
});
