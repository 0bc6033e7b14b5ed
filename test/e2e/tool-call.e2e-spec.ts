import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-fixture.js';
import { basic, e2eDatabase } from './support/gateway-process.js';

/** A REST API served by the test: GET /weather/{city}?units=…, and a route that always fails. */
function startApi(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (req.url?.startsWith('/weather/')) {
      const [path, query] = req.url.split('?');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          city: decodeURIComponent(path.split('/')[2]),
          units: new URLSearchParams(query).get('units'),
          temperature: 21,
        }),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('no such thing');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits }),
    ),
  );
}

describe(`tools/call through a virtual server to a REST API (${e2eDatabase()})`, () => {
  const fx = useGateway();
  let api: Awaited<ReturnType<typeof startApi>>;
  let serverId: string;
  let client: Client;

  beforeAll(async () => {
    api = await startApi();
    const weather = await fx.api.post('/tools', {
      name: 'weather',
      url: `${api.url}/weather/{city}`,
      integration_type: 'REST',
      request_type: 'GET',
      input_schema: {
        type: 'object',
        properties: { city: { type: 'string' }, units: { type: 'string' } },
        required: ['city'],
      },
    });
    const broken = await fx.api.post('/tools', {
      name: 'broken',
      url: `${api.url}/nothing`,
      integrationType: 'REST',
      requestType: 'GET',
    });
    serverId = (
      await fx.api.post('/servers', {
        name: 'weather-server',
        associatedTools: [weather.body.id, broken.body.id],
      })
    ).body.id;
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${fx.gw.url}/servers/${serverId}/mcp`), {
        requestInit: { headers: { authorization: basic('admin', 'e2e-basic-password') } },
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await new Promise((resolve) => api?.server.close(resolve));
  });

  it('maps arguments to the path and query and returns JSON as structured content', async () => {
    const result = await client.callTool({
      name: 'weather',
      arguments: { city: 'São Paulo', units: 'metric' },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ city: 'São Paulo', units: 'metric', temperature: 21 });
    expect(api.hits.at(-1)).toBe('GET /weather/S%C3%A3o%20Paulo?units=metric');
  });

  it('refuses invalid arguments before anything goes out', async () => {
    const before = api.hits.length;
    await expect(client.callTool({ name: 'weather', arguments: { units: 'metric' } })).rejects.toThrow(
      /city/,
    );
    expect(api.hits.length).toBe(before);
  });

  it('reports an upstream failure as an isError result with the status', async () => {
    const result = await client.callTool({ name: 'broken', arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('404');
  });

  it('answers /rpc with the shorthand list_tools and with a tool name as the method', async () => {
    const list = await fx.api.post('/rpc', { jsonrpc: '2.0', id: 1, method: 'list_tools' });
    expect(list.body.result.tools.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['weather', 'broken']),
    );
    const call = await fx.api.post('/rpc', {
      jsonrpc: '2.0',
      id: 2,
      method: 'weather',
      params: { city: 'Oslo' },
    });
    expect(call.body).toMatchObject({ id: 2, result: { structuredContent: { city: 'Oslo' } } });
    expect(
      (await fx.api.post('/rpc', { jsonrpc: '2.0', id: 3, method: 'no_such_thing' })).body.error.code,
    ).toBe(-32601);
    expect((await fx.api.request('POST', '/rpc', '{oops')).status).toBe(400);
  });

  it('counts the calls in /metrics', async () => {
    const metrics = (await fx.api.get('/metrics')).body;
    expect(metrics.tools.totalExecutions).toBeGreaterThanOrEqual(2);
    expect(metrics.tools.failedExecutions).toBeGreaterThanOrEqual(1);
    expect(metrics.servers.totalExecutions).toBeGreaterThanOrEqual(2);
  });
});
