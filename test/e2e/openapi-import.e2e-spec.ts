import { lookup } from 'node:dns/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { useGateway } from './support/gateway-fixture.js';
import { basic, e2eDatabase } from './support/gateway-process.js';

/** The OpenAPI document of the test API; its server URL is relative, so it resolves against where it is served. */
function shopDocument(): Record<string, unknown> {
  const item = {
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, verbose: { type: 'boolean' } },
  };
  return {
    openapi: '3.0.3',
    info: { title: 'Shop', version: '1.0.0' },
    servers: [{ url: '/api' }],
    paths: {
      '/items/{id}': {
        get: {
          operationId: 'getItem',
          summary: 'One item',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
          ],
          responses: {
            '200': {
              description: 'the item',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
            },
          },
        },
      },
      '/items': {
        post: {
          operationId: 'createItem',
          summary: 'Create an item',
          parameters: [{ name: 'notify', in: 'query', schema: { type: 'boolean' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewItem' } } },
          },
          responses: {
            '201': {
              description: 'created',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
      '/whoami': {
        get: {
          operationId: 'whoAmI',
          parameters: [{ name: 'X-User', in: 'header', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
      '/broken': { get: { operationId: 'broken', responses: { '200': { description: 'never' } } } },
    },
    components: {
      schemas: {
        Item: item,
        NewItem: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, price: { type: 'number', minimum: 0 } },
        },
      },
    },
  };
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** The REST API the tools are imported from: routes under /api, the document as JSON and YAML. */
function startShop(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(entry);
      const url = new URL(entry.url, 'http://x');
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (url.pathname === '/openapi.json') return json(200, shopDocument());
      if (url.pathname === '/openapi.yaml')
        return res.writeHead(200, { 'content-type': 'application/yaml' }).end(toYaml(shopDocument()));
      if (url.pathname === '/not-openapi.json') return json(200, { hello: 'world' });
      const item = /^\/api\/items\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && item)
        return json(200, {
          id: decodeURIComponent(item[1]),
          name: 'Lamp',
          verbose: url.searchParams.get('verbose') === 'true',
        });
      if (req.method === 'POST' && url.pathname === '/api/items')
        return json(201, {
          created: JSON.parse(entry.body) as unknown,
          notify: url.searchParams.get('notify'),
        });
      if (url.pathname === '/api/whoami') return json(200, { user: req.headers['x-user'] ?? null });
      if (url.pathname === '/api/broken') return res.writeHead(500).end('the shop is on fire');
      res.writeHead(404).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }),
    ),
  );
}

interface ToolBody {
  id: string;
  name: string;
  url: string;
  requestType: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown> | null;
}

describe(`POST /tools/import/openapi (${e2eDatabase()})`, () => {
  const fx = useGateway({ MAX_TOOL_RETRIES: '0' });
  let shop: Awaited<ReturnType<typeof startShop>>;

  beforeAll(async () => {
    shop = await startShop();
  });
  afterAll(async () => {
    shop?.server.closeAllConnections();
    await new Promise((resolve) => shop?.server.close(resolve));
  });

  const toolNames = async (): Promise<string[]> =>
    ((await fx.api.get('/tools')).body as ToolBody[]).map((t) => t.name).sort();

  describe('imported by URL and called through a virtual server', () => {
    let created: ToolBody[];
    let client: Client;

    beforeAll(async () => {
      const res = await fx.api.post('/tools/import/openapi', {
        url: `${shop.url}/openapi.json`,
        name_prefix: 'shop',
      });
      expect(res.status).toBe(201);
      created = res.body.created as ToolBody[];
      const serverId = (
        await fx.api.post('/servers', { name: 'shop-server', associatedTools: created.map((t) => t.id) })
      ).body.id as string;
      client = new Client({ name: 'e2e', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${fx.gw.url}/servers/${serverId}/mcp`), {
          requestInit: { headers: { authorization: basic('admin', 'e2e-basic-password') } },
        }),
      );
    });
    afterAll(async () => {
      await client?.close();
    });

    it('creates one REST tool per operation, listed in GET /tools', async () => {
      expect(created.map((t) => [t.name, t.requestType, t.url])).toEqual([
        ['shop_getItem', 'GET', `${shop.url}/api/items/{id}`],
        ['shop_createItem', 'POST', `${shop.url}/api/items`],
        ['shop_whoAmI', 'GET', `${shop.url}/api/whoami`],
        ['shop_broken', 'GET', `${shop.url}/api/broken`],
      ]);
      expect(await toolNames()).toEqual(
        expect.arrayContaining(['shop_broken', 'shop_createItem', 'shop_getItem', 'shop_whoAmI']),
      );
      const getItem = created[0];
      expect(getItem.inputSchema).toEqual({
        type: 'object',
        properties: {
          id: { type: 'string', 'x-in': 'path' },
          verbose: { type: 'boolean', 'x-in': 'query' },
        },
        required: ['id'],
      });
      expect(getItem.outputSchema).toMatchObject({ type: 'object', required: ['id', 'name'] });
    });

    it('lists the tools over MCP with their schemas', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'shop_broken',
        'shop_createItem',
        'shop_getItem',
        'shop_whoAmI',
      ]);
      expect(tools.find((t) => t.name === 'shop_getItem')?.outputSchema).toMatchObject({ type: 'object' });
    });

    it('calls a GET with a path and a query parameter', async () => {
      const result = await client.callTool({ name: 'shop_getItem', arguments: { id: 'a/7', verbose: true } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ id: 'a/7', name: 'Lamp', verbose: true });
      expect(shop.seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/items/a%2F7?verbose=true' });
    });

    it('calls a POST with its query parameter in the query string and the body fields as JSON', async () => {
      const result = await client.callTool({
        name: 'shop_createItem',
        arguments: { name: 'Chair', price: 12.5, notify: true },
      });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ created: { name: 'Chair', price: 12.5 }, notify: 'true' });
      const request = shop.seen.at(-1);
      expect(request).toMatchObject({ method: 'POST', url: '/api/items?notify=true' });
      expect(request?.headers['content-type']).toBe('application/json');
    });

    it('sends header parameters as headers', async () => {
      const result = await client.callTool({ name: 'shop_whoAmI', arguments: { 'X-User': 'ada' } });
      expect(result.structuredContent).toEqual({ user: 'ada' });
    });

    it('refuses arguments that break the imported schema before anything goes out', async () => {
      const before = shop.seen.length;
      await expect(
        client.callTool({ name: 'shop_createItem', arguments: { name: 'Chair', price: -1 } }),
      ).rejects.toThrow(/price/);
      expect(shop.seen.length).toBe(before);
    });

    it('reports the API’s failure as an isError result', async () => {
      const result = await client.callTool({ name: 'shop_broken', arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('HTTP 500: the shop is on fire');
    });
  });

  it('imports an inline document, against the baseUrl given', async () => {
    const res = await fx.api.post('/tools/import/openapi', {
      document: shopDocument(),
      baseUrl: `${shop.url}/api`,
      namePrefix: 'inline-',
      operations: ['getItem', 'whoAmI'],
    });
    expect(res.status).toBe(201);
    expect(res.body.created.map((t: ToolBody) => [t.name, t.url])).toEqual([
      ['inline-getItem', `${shop.url}/api/items/{id}`],
      ['inline-whoAmI', `${shop.url}/api/whoami`],
    ]);
    expect(res.body.skipped).toEqual([]);
  });

  it('reads YAML, and skips operations whose name is taken without failing the rest', async () => {
    const first = await fx.api.post('/tools/import/openapi', {
      url: `${shop.url}/openapi.yaml`,
      namePrefix: 'yaml',
      operations: ['getItem'],
    });
    expect(first.status).toBe(201);
    expect(first.body.created.map((t: ToolBody) => t.name)).toEqual(['yaml_getItem']);

    const again = await fx.api.post('/tools/import/openapi', {
      url: `${shop.url}/openapi.yaml`,
      namePrefix: 'yaml',
      operations: ['getItem', 'createItem'],
    });
    expect(again.status).toBe(201);
    expect(again.body.created.map((t: ToolBody) => t.name)).toEqual(['yaml_createItem']);
    expect(again.body.skipped).toEqual([
      { operation: 'getItem', reason: expect.stringMatching(/A tool named "yaml_getItem" already exists/) },
    ]);
  });

  it('answers 422 for an invalid document, and creates nothing', async () => {
    const before = await toolNames();
    const fetched = await fx.api.post('/tools/import/openapi', { url: `${shop.url}/not-openapi.json` });
    expect(fetched.status).toBe(422);
    expect(fetched.body).toMatchObject({
      code: 'OPENAPI_DOCUMENT_INVALID',
      detail:
        'Invalid OpenAPI document: it has no "openapi" version field, so it is not an OpenAPI 3.0 or 3.1 document',
    });
    const swagger = await fx.api.post('/tools/import/openapi', {
      document: { swagger: '2.0', paths: { '/x': { get: {} } } },
    });
    expect(swagger.status).toBe(422);
    expect(swagger.body.detail).toMatch(/Swagger 2.0 documents are not supported/);
    const missing = await fx.api.post('/tools/import/openapi', { url: `${shop.url}/nothing.json` });
    expect(missing.body).toMatchObject({ statusCode: 422, code: 'OPENAPI_FETCH_FAILED' });
    expect(missing.body.detail).toMatch(/answered HTTP 404/);
    expect(await toolNames()).toEqual(before);
  });

  it('answers 422 unless exactly one of url and document is given, and for malformed fields', async () => {
    const neither = await fx.api.post('/tools/import/openapi', { namePrefix: 'x' });
    expect(neither.body).toMatchObject({ statusCode: 422, code: 'OPENAPI_IMPORT_INVALID' });
    const both = await fx.api.post('/tools/import/openapi', {
      url: `${shop.url}/openapi.json`,
      document: {},
    });
    expect(both.body).toMatchObject({ statusCode: 422, code: 'OPENAPI_IMPORT_INVALID' });
    const badPrefix = await fx.api.post('/tools/import/openapi', {
      document: shopDocument(),
      namePrefix: '-x',
    });
    expect(badPrefix.status).toBe(422);
    expect(badPrefix.body.detail).toMatch(/namePrefix/);
  });

  it('refuses to fetch from the cloud metadata address (SSRF), before any connection', async () => {
    const started = Date.now();
    const res = await fx.api.post('/tools/import/openapi', {
      url: 'http://169.254.169.254/latest/meta-data/openapi.json',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('OUTBOUND_URL_REFUSED');
    expect(res.body.detail).toMatch(/169\.254\.169\.254 is a link-local address .* always refused/);
    expect(Date.now() - started).toBeLessThan(2000);
    const mapped = await fx.api.post('/tools/import/openapi', {
      document: shopDocument(),
      baseUrl: 'http://[::ffff:169.254.169.254]/',
    });
    expect(mapped.body).toMatchObject({ statusCode: 422, code: 'OUTBOUND_URL_REFUSED' });
  });

  it('requires authentication', async () => {
    const res = await fetch(`${fx.gw.url}/tools/import/openapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ document: shopDocument() }),
    });
    expect(res.status).toBe(401);
  });
});

/** This machine's name when it resolves to loopback (as /etc/hosts usually makes it): a name DNS must judge. */
const loopbackName = await lookup(hostname(), { family: 4 }).then(
  ({ address }) => (address.startsWith('127.') ? hostname() : undefined),
  () => undefined,
);

describe(`outbound guard with SSRF_ALLOW_LOCALHOST=false (${e2eDatabase()})`, () => {
  const fx = useGateway({ SSRF_ALLOW_LOCALHOST: 'false', MAX_TOOL_RETRIES: '0' });
  let shop: Awaited<ReturnType<typeof startShop>>;

  beforeAll(async () => {
    shop = await startShop();
  });
  afterAll(async () => {
    await new Promise((resolve) => shop?.server.close(resolve));
  });

  it('refuses to import from a loopback address, naming the setting', async () => {
    const res = await fx.api.post('/tools/import/openapi', { url: `${shop.url}/openapi.json` });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'OUTBOUND_URL_REFUSED' });
    expect(res.body.detail).toMatch(/loopback address; set SSRF_ALLOW_LOCALHOST=true to allow it/);
    expect(shop.seen).toEqual([]);
  });

  it('refuses localhost by name', async () => {
    const port = new URL(shop.url).port;
    const res = await fx.api.post('/tools/import/openapi', { url: `http://localhost:${port}/openapi.json` });
    expect(res.body).toMatchObject({ statusCode: 422, code: 'OUTBOUND_URL_REFUSED' });
    expect(shop.seen).toEqual([]);
  });

  it.runIf(loopbackName)(
    'refuses a name that resolves to loopback when connecting (DNS checked too)',
    async () => {
      const port = new URL(shop.url).port;
      const res = await fx.api.post('/tools/import/openapi', {
        url: `http://${loopbackName}:${port}/openapi.json`,
      });
      expect(res.body).toMatchObject({ statusCode: 422, code: 'OUTBOUND_URL_REFUSED' });
      expect(res.body.detail).toBe(
        `Outbound connection refused: ${loopbackName} resolves only to refused addresses: ` +
          '127.0.0.1 is a loopback address; set SSRF_ALLOW_LOCALHOST=true to allow it',
      );
      expect(shop.seen).toEqual([]);
    },
  );

  it.runIf(loopbackName)(
    'answers a call of a REST tool whose host resolves to loopback with an isError result, sending nothing',
    async () => {
      const port = new URL(shop.url).port;
      const created = await fx.api.post('/tools', {
        name: 'local_tool',
        url: `http://${loopbackName}:${port}/api/whoami`,
        integrationType: 'REST',
        requestType: 'GET',
      });
      expect(created.status).toBe(201);
      const call = await fx.api.post('/rpc', {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'local_tool', arguments: {} },
      });
      expect(call.body.result.isError).toBe(true);
      expect(call.body.result.content[0].text).toMatch(
        /^Tool local_tool failed: Outbound connection refused: .* 127\.0\.0\.1 is a loopback address; set SSRF_ALLOW_LOCALHOST=true/,
      );
      expect(shop.seen).toEqual([]);
    },
  );
});
