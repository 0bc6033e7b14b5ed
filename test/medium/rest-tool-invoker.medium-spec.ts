import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  JsonSchemaValidator,
  loadGatewayConfig,
  SecretBox,
  sealUpstreamAuth,
  type UpstreamAuth,
} from '@app/common';
import type { MetricsRecorder } from '@app/metrics';
import {
  RestToolInvoker,
  type ToolCallResult,
  ToolInvocationService,
  ToolInvokerRegistry,
  type ToolRecord,
} from '@app/tools';

/** A request as the upstream saw it. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: Seen, res: ServerResponse, count: number) => void;

let server: Server;
let base: string;
let seen: Seen[];
let handler: Handler;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(entry, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
}

/** Echoes what it received as JSON. */
const echo: Handler = (req, res) => json(res, 200, { method: req.method, url: req.url, body: req.body });

const invokers: RestToolInvoker[] = [];
let recorded: Array<[string, string, number, boolean]>;

beforeEach(() => {
  seen = [];
  recorded = [];
  handler = echo;
});

afterEach(async () => {
  server.closeAllConnections();
  await Promise.all(invokers.splice(0).map((i) => i.onModuleDestroy()));
});

const SECRET = 'medium-test-encryption-secret';

function build(env: Record<string, string> = {}, maxResponseBytes?: number) {
  const config = loadGatewayConfig({ AUTH_ENCRYPTION_SECRET: SECRET, ...env });
  const box = new SecretBox(config);
  const invoker = new RestToolInvoker(config, box, maxResponseBytes ? { maxResponseBytes } : undefined);
  invokers.push(invoker);
  const registry = new ToolInvokerRegistry();
  registry.register('REST', invoker);
  const metrics = {
    record: (type: string, id: string, ms: number, ok: boolean) => recorded.push([type, id, ms, ok]),
  } as unknown as MetricsRecorder;
  const service = new ToolInvocationService(config, new JsonSchemaValidator(), registry, metrics);
  return { service, box };
}

let nextId = 0;
function tool(path: string, overrides: Partial<ToolRecord> = {}): ToolRecord {
  nextId += 1;
  return {
    id: `tool${nextId}`,
    name: `tool_${nextId}`,
    originalName: `tool_${nextId}`,
    integrationType: 'REST',
    requestType: 'GET',
    url: `${base}${path}`,
    headers: null,
    inputSchema: { type: 'object' },
    authType: null,
    authValue: null,
    isActive: true,
    reachable: true,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

const live = () => ({ signal: new AbortController().signal });

function textOf(result: ToolCallResult): string {
  const block = result.content[0];
  return block?.type === 'text' ? block.text : '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RestToolInvoker through ToolInvocationService (real HTTP server)', () => {
  it('GET: fills the path template, sends the other arguments as the query, answers JSON as structuredContent', async () => {
    const { service } = build();
    const result = await service.callTool(
      tool('/items/{id}?fixed=1'),
      { id: 'a b/c', q: 'x&y', n: 2 },
      live(),
    );
    const expected = { method: 'GET', url: '/items/a%20b%2Fc?fixed=1&q=x%26y&n=2', body: '' };
    expect(result).toEqual({
      content: [{ type: 'text', text: JSON.stringify(expected) }],
      structuredContent: expected,
    });
    expect(seen).toHaveLength(1);
    expect(recorded).toEqual([['tool', expect.stringMatching(/^tool/), expect.any(Number), true]]);
  });

  it('POST: sends the arguments not used in the path as a JSON body, with the tool’s headers', async () => {
    const { service } = build();
    const result = await service.callTool(
      tool('/orders/{customer}', { requestType: 'POST', headers: { 'X-Tenant': 'acme' } }),
      { customer: 42, items: [{ sku: 'a', qty: 2 }] },
      live(),
    );
    expect(result.isError).toBeUndefined();
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/orders/42',
      body: '{"items":[{"sku":"a","qty":2}]}',
      headers: { 'content-type': 'application/json', 'x-tenant': 'acme' },
    });
  });

  it('sends sealed basic and bearer credentials as the Authorization header', async () => {
    const { service, box } = build();
    const withAuth = (auth: UpstreamAuth) => tool('/secure', sealUpstreamAuth(box, auth));
    await service.callTool(withAuth({ authType: 'basic', username: 'ann', password: 'p@ss' }), {}, live());
    await service.callTool(withAuth({ authType: 'bearer', token: 'tok-123' }), {}, live());
    await service.callTool(
      withAuth({ authType: 'authheaders', headerKey: 'X-Api-Key', headerValue: 'k-9' }),
      {},
      live(),
    );
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('ann:p@ss').toString('base64')}`);
    expect(seen[1]?.headers.authorization).toBe('Bearer tok-123');
    expect(seen[2]?.headers['x-api-key']).toBe('k-9');
  });

  it('wraps a JSON array as { result }, and answers text and images as such', async () => {
    const { service } = build();
    handler = (req, res) => {
      if (req.url === '/list') json(res, 200, [1, 2]);
      else if (req.url === '/text') res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
      else res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    };
    expect(await service.callTool(tool('/list'), {}, live())).toEqual({
      content: [{ type: 'text', text: '[1,2]' }],
      structuredContent: { result: [1, 2] },
    });
    expect(await service.callTool(tool('/text'), {}, live())).toEqual({
      content: [{ type: 'text', text: 'hello' }],
    });
    expect(await service.callTool(tool('/png'), {}, live())).toEqual({
      content: [
        {
          type: 'image',
          data: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
          mimeType: 'image/png',
        },
      ],
    });
  });

  it('404: an isError result with the status and an excerpt of the body, not retried', async () => {
    const { service } = build();
    handler = (_req, res) => json(res, 404, { detail: 'no such item', pad: 'x'.repeat(5000) });
    const result = await service.callTool(tool('/missing'), {}, live());
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Tool tool_\d+: HTTP 404: \{"detail":"no such item"/);
    expect(textOf(result).length).toBeLessThan(2200);
    expect(seen).toHaveLength(1);
    expect(recorded.at(-1)?.[3]).toBe(false);
  });

  it('retries 503 twice, then succeeds', async () => {
    const { service } = build({ MAX_TOOL_RETRIES: '3' });
    handler = (_req, res, count) =>
      count <= 2 ? json(res, 503, { busy: true }) : json(res, 200, { ok: true });
    const result = await service.callTool(tool('/flaky'), {}, live());
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"ok":true}' }],
      structuredContent: { ok: true },
    });
    expect(seen).toHaveLength(3);
    expect(recorded).toHaveLength(1);
  });

  it('gives the 503 once MAX_TOOL_RETRIES is spent', async () => {
    const { service } = build({ MAX_TOOL_RETRIES: '1' });
    handler = (_req, res) => json(res, 503, { busy: true });
    const result = await service.callTool(tool('/down'), {}, live());
    expect(textOf(result)).toMatch(/HTTP 503/);
    expect(seen).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    const { service } = build({ MAX_TOOL_RETRIES: '3' });
    handler = (_req, res) => json(res, 400, { detail: 'bad' });
    const result = await service.callTool(tool('/bad'), {}, live());
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/HTTP 400/);
    expect(seen).toHaveLength(1);
  });

  it('429 with Retry-After: 1 waits about a second before retrying', async () => {
    const { service } = build();
    handler = (_req, res, count) =>
      count === 1 ? json(res, 429, { slow: 'down' }, { 'retry-after': '1' }) : json(res, 200, { ok: true });
    const started = performance.now();
    const result = await service.callTool(tool('/limited'), {}, live());
    const elapsed = performance.now() - started;
    expect(result.isError).toBeUndefined();
    expect(seen).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2500);
  });

  it('a network failure is retried', async () => {
    const { service } = build({ MAX_TOOL_RETRIES: '2' });
    handler = (_req, res, count) => (count === 1 ? res.socket?.destroy() : json(res, 200, { ok: true }));
    const result = await service.callTool(tool('/reset'), {}, live());
    expect(result.isError).toBeUndefined();
    expect(seen).toHaveLength(2);
  });

  it('a slow upstream with TOOL_TIMEOUT=1 gives a timeout result, without retrying', async () => {
    const { service } = build({ TOOL_TIMEOUT: '1' });
    handler = (_req, res) => setTimeout(() => json(res, 200, { late: true }), 3000).unref();
    const started = performance.now();
    const result = await service.callTool(tool('/slow'), {}, live());
    expect(result).toEqual({
      content: [{ type: 'text', text: expect.stringMatching(/timed out after 1 s$/) as string }],
      isError: true,
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(seen).toHaveLength(1);
  });

  it('the caller’s abort stops the attempt in flight and any retry', async () => {
    const { service } = build({ MAX_TOOL_RETRIES: '3' });
    handler = (_req, res) => setTimeout(() => json(res, 503, {}), 3000).unref();
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 100);
    const started = performance.now();
    const result = await service.callTool(tool('/abort'), {}, { signal: caller.signal });
    expect(textOf(result)).toMatch(/was cancelled/);
    expect(performance.now() - started).toBeLessThan(1000);
    await sleep(300);
    expect(seen).toHaveLength(1);
  });

  it('the caller’s abort during a backoff sends no further request', async () => {
    const { service } = build({ MAX_TOOL_RETRIES: '3' });
    handler = (_req, res) => json(res, 503, {}, { 'retry-after': '2' });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 200);
    const result = await service.callTool(tool('/backoff'), {}, { signal: caller.signal });
    expect(textOf(result)).toMatch(/was cancelled/);
    await sleep(2200);
    expect(seen).toHaveLength(1);
  });

  it('TOOL_RATE_LIMIT=2: the third call in a minute is refused with TOOL_RATE_LIMITED', async () => {
    const { service } = build({ TOOL_RATE_LIMIT: '2' });
    const limited = tool('/rate');
    await service.callTool(limited, {}, live());
    await service.callTool(limited, {}, live());
    await expect(service.callTool(limited, {}, live())).rejects.toMatchObject({
      code: 'TOOL_RATE_LIMITED',
      status: 429,
    });
    expect(seen).toHaveLength(2);
  });

  it('TOOL_CONCURRENT_LIMIT=1: a second concurrent call is refused at once', async () => {
    const { service } = build({ TOOL_CONCURRENT_LIMIT: '1' });
    handler = (_req, res) => setTimeout(() => json(res, 200, { ok: true }), 300).unref();
    const busy = tool('/busy');
    const first = service.callTool(busy, {}, live());
    await expect(service.callTool(busy, {}, live())).rejects.toMatchObject({
      code: 'TOOL_CONCURRENCY_LIMITED',
      status: 429,
    });
    await expect(first).resolves.toMatchObject({ structuredContent: { ok: true } });
    await expect(service.callTool(busy, {}, live())).resolves.toMatchObject({
      structuredContent: { ok: true },
    });
    expect(seen).toHaveLength(2);
  });

  it('invalid arguments: TOOL_ARGUMENTS_INVALID and no request goes out', async () => {
    const { service } = build();
    const strict = tool('/strict/{id}', {
      inputSchema: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
    });
    await expect(service.callTool(strict, { id: 'seven' }, live())).rejects.toMatchObject({
      code: 'TOOL_ARGUMENTS_INVALID',
      status: 422,
      message: `Invalid arguments for tool ${strict.name}: /id: must be integer`,
    });
    expect(seen).toHaveLength(0);
    expect(recorded).toHaveLength(0);
  });

  it('a missing path argument is an isError result naming it, and nothing is sent', async () => {
    const { service } = build();
    const result = await service.callTool(tool('/items/{itemId}'), {}, live());
    expect(textOf(result)).toMatch(/missing path argument "itemId"/);
    expect(seen).toHaveLength(0);
  });

  it('does not follow a redirect: the result names the location', async () => {
    const { service } = build();
    handler = (req, res) =>
      req.url === '/moved'
        ? res.writeHead(302, { location: 'http://169.254.169.254/latest' }).end()
        : echo(req, res, 0);
    const result = await service.callTool(tool('/moved'), {}, live());
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/HTTP 302 redirecting to http:\/\/169\.254\.169\.254\/latest/);
    expect(seen).toHaveLength(1);
  });

  it('refuses a response larger than the cap, declared or streamed', async () => {
    const { service } = build({}, 1024);
    handler = (req, res) => {
      if (req.url === '/declared') json(res, 200, { pad: 'x'.repeat(2000) });
      else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('y'.repeat(800));
        res.end('y'.repeat(800));
      }
    };
    const declared = await service.callTool(tool('/declared'), {}, live());
    const streamed = await service.callTool(tool('/streamed'), {}, live());
    expect(textOf(declared)).toMatch(/larger than the 1024-byte limit/);
    expect(textOf(streamed)).toMatch(/larger than the 1024-byte limit/);
  });

  it('refuses a tool URL that is not http(s)', async () => {
    const { service } = build();
    const result = await service.callTool(tool('', { url: 'file:///etc/passwd' }), {}, live());
    expect(textOf(result)).toMatch(/only http and https URLs can be called, not file/);
  });
});
