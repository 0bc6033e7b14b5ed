import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import { useGateway } from './support/gateway-fixture.js';
import {
  basic,
  baseEnv,
  createTestDatabase,
  e2eDatabase,
  startGateway,
  type Json,
  type RunningGateway,
  type TestDatabase,
} from './support/gateway-process.js';

const AUTH = basic('admin', 'e2e-basic-password');

/** A REST API for the peer's tool: GET /time?zone=… */
function startApi(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const zone = new URL(req.url ?? '/', 'http://api').searchParams.get('zone');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ zone, time: '12:00' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe(`a peer gateway (another instance of ours) as an upstream (${e2eDatabase()})`, () => {
  const fx = useGateway();
  let api: Awaited<ReturnType<typeof startApi>>;
  let peerDb: TestDatabase;
  let peer: RunningGateway;

  beforeAll(async () => {
    api = await startApi();
    peerDb = await createTestDatabase();
    peer = await startGateway(baseEnv(peerDb.url));
    const peerApi = new ApiClient(peer.url, AUTH);
    const created = await peerApi.post('/tools', {
      name: 'time',
      url: `${api.url}/time`,
      integrationType: 'REST',
      requestType: 'GET',
      inputSchema: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] },
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await peer?.stop();
    await peerDb?.drop();
    await new Promise((resolve) => api?.server.close(resolve));
  });

  it('registers the peer by its bare origin with Basic credentials and finds its MCP endpoint', async () => {
    const res = await fx.api.post('/gateways', {
      name: 'peer',
      url: peer.url,
      auth: { authType: 'basic', username: 'admin', password: 'e2e-basic-password' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ url: `${peer.url}/mcp`, transport: 'STREAMABLEHTTP', slug: 'peer' });
    const tools = (await fx.api.get('/tools')).body as Json[];
    expect(tools.find((t) => t.name === 'peer-time')).toMatchObject({ originalName: 'time' });
  });

  it('calls the peer’s tool from a client on the gateway’s own SSE endpoint', async () => {
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new SSEClientTransport(new URL(`${fx.gw.url}/sse`), {
        requestInit: { headers: { authorization: AUTH } },
        eventSourceInit: {
          fetch: (url, init) =>
            fetch(url, { ...init, headers: { ...(init?.headers ?? {}), authorization: AUTH } }),
        },
      }),
    );
    try {
      const result = await client.callTool({ name: 'peer-time', arguments: { zone: 'UTC' } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ zone: 'UTC', time: '12:00' });
    } finally {
      await client.close();
    }
  });

  it('refuses the peer without credentials (502, nothing stored)', async () => {
    const res = await fx.api.post('/gateways', { name: 'peer-anon', url: peer.url });
    expect(res.status).toBe(502);
    expect(res.body.detail).toMatch(/401/);
    expect((await fx.api.get('/gateways')).body).toHaveLength(1);
  });
});
