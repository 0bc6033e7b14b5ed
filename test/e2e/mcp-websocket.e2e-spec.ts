import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useGateway } from './support/gateway-fixture.js';
import { basic, e2eDatabase, type Json } from './support/gateway-process.js';

const AUTH = basic('admin', 'e2e-basic-password');

/** Opens an MCP WebSocket and gives a request/response helper that matches answers by id. */
async function open(url: string, headers: Record<string, string> = { authorization: AUTH }) {
  const ws = new WebSocket(url, { headers });
  const inbox: Json[] = [];
  ws.on('message', (data: Buffer) => inbox.push(JSON.parse(data.toString('utf8'))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const waitFor = async (match: (m: Json) => boolean): Promise<Json> => {
    for (let i = 0; i < 100; i++) {
      const found = inbox.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no matching message in ${JSON.stringify(inbox)}`);
  };
  return {
    ws,
    send: (raw: string) => ws.send(raw),
    request: async (id: number, method: string, params?: unknown) => {
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) }));
      return waitFor((m) => m.id === id);
    },
    waitFor,
  };
}

describe(`MCP over WebSocket (${e2eDatabase()})`, () => {
  const fx = useGateway({ WEBSOCKET_PING_INTERVAL: '1' });
  const wsUrl = (path: string) => `${fx.gw.url.replace('http', 'ws')}${path}`;

  it('initializes, lists tools and hears list_changed', async () => {
    await fx.api.post('/tools', { name: 'ws_tool', url: 'http://localhost:1/x' });
    const client = await open(wsUrl('/ws'));
    try {
      const init = await client.request(1, 'initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'ws', version: '1' },
      });
      expect(init.result.protocolVersion).toBe('2025-06-18');
      client.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      expect(
        (await client.request(2, 'tools/list')).result.tools.map((t: { name: string }) => t.name),
      ).toEqual(['ws_tool']);
      await fx.api.post('/tools', { name: 'ws_tool_2', url: 'http://localhost:1/y' });
      await client.waitFor((m) => m.method === 'notifications/tools/list_changed');
    } finally {
      client.ws.close();
    }
  });

  it('answers garbage with JSON-RPC errors and keeps the connection', async () => {
    const client = await open(wsUrl('/ws'));
    try {
      client.send('{nope');
      expect((await client.waitFor((m) => m.error?.code === -32700)).id).toBeNull();
      client.send(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 42 }));
      expect((await client.waitFor((m) => m.id === 5)).error.code).toBe(-32600);
      expect((await client.request(6, 'ping')).result).toEqual({});
    } finally {
      client.ws.close();
    }
  });

  it('keeps the connection alive across pings (WEBSOCKET_PING_INTERVAL)', async () => {
    const client = await open(wsUrl('/ws'));
    let pings = 0;
    client.ws.on('ping', () => pings++);
    await new Promise((r) => setTimeout(r, 2500));
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it('refuses the handshake without credentials, and for an unknown virtual server', async () => {
    await expect(open(wsUrl('/ws'), {})).rejects.toThrow('HTTP 401');
    await expect(open(wsUrl('/servers/nope/ws'))).rejects.toThrow('HTTP 404');
  });
});
