import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway, type GatewayFixture } from './support/gateway-fixture.js';
import { basic, e2eDatabase } from './support/gateway-process.js';

const AUTH = basic('admin', 'e2e-basic-password');

interface Hold {
  arrivedAt: number;
  closedAt?: number;
}

/**
 * A REST API with a route that never answers: GET /slow?tag=… holds the request open and notes when the
 * gateway's socket closes (the upstream request was aborted). GET /fast answers at once.
 */
async function startSlowApi() {
  const holds = new Map<string, Hold>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://api');
    if (url.pathname === '/fast') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"fast":true}');
      return;
    }
    const hold: Hold = { arrivedAt: Date.now() };
    holds.set(url.searchParams.get('tag') ?? '', hold);
    res.on('close', () => {
      if (!res.writableFinished) hold.closedAt = Date.now();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const poll = async <T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves once the tagged request reached the API. */
    arrival: async (tag: string) => {
      const hold = await poll(() => holds.get(tag), 10_000);
      if (!hold) throw new Error(`the upstream request ${tag} never arrived`);
      return hold;
    },
    /** When the gateway closed the tagged request, or undefined if it still holds it after `timeoutMs`. */
    closedAt: (tag: string, timeoutMs: number) => poll(() => holds.get(tag)?.closedAt, timeoutMs),
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

type SlowApi = Awaited<ReturnType<typeof startSlowApi>>;

/** Registers the slow and the fast tool and a virtual server holding both; returns the server's id. */
async function registerTools(fx: GatewayFixture, api: SlowApi): Promise<string> {
  const slow = await fx.api.post('/tools', {
    name: 'slow',
    url: `${api.url}/slow`,
    integration_type: 'REST',
    request_type: 'GET',
    input_schema: { type: 'object', properties: { tag: { type: 'string' } }, required: ['tag'] },
  });
  const fast = await fx.api.post('/tools', {
    name: 'fast',
    url: `${api.url}/fast`,
    integration_type: 'REST',
    request_type: 'GET',
  });
  const server = await fx.api.post('/servers', {
    name: 'slow-and-fast',
    associatedTools: [slow.body.id, fast.body.id],
  });
  return server.body.id as string;
}

async function connect(url: string, kind: 'streamable' | 'sse'): Promise<Client> {
  const headers = { authorization: AUTH };
  const transport: Transport =
    kind === 'sse'
      ? new SSEClientTransport(new URL(url), {
          requestInit: { headers },
          eventSourceInit: {
            fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }),
          },
        })
      : new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'e2e-cancel', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

let tagCount = 0;
const nextTag = (prefix: string) => `${prefix}-${++tagCount}`;

describe(`cancelling a tool call stops its upstream request (${e2eDatabase()})`, () => {
  describe('with sessions (stateful Streamable HTTP, HTTP+SSE): notifications/cancelled', () => {
    const fx = useGateway({ USE_STATEFUL_SESSIONS: 'true' });
    let api: SlowApi;
    let serverId: string;

    beforeAll(async () => {
      api = await startSlowApi();
      serverId = await registerTools(fx, api);
    });
    afterAll(async () => {
      await api?.close();
    });

    for (const kind of ['streamable', 'sse'] as const) {
      it(`${kind}: aborting the SDK request aborts the upstream request within a second`, async () => {
        const path = kind === 'sse' ? 'sse' : 'mcp';
        const client = await connect(`${fx.gw.url}/servers/${serverId}/${path}`, kind);
        try {
          const tag = nextTag(kind);
          const controller = new AbortController();
          const call = client.callTool({ name: 'slow', arguments: { tag } }, undefined, {
            signal: controller.signal,
          });
          await api.arrival(tag);
          const abortedAt = Date.now();
          controller.abort('the user gave up');
          await expect(call).rejects.toThrow();

          const closedAt = await api.closedAt(tag, 1_000);
          expect(closedAt, 'the upstream request is still open').toBeDefined();
          expect(closedAt! - abortedAt).toBeLessThan(1_000);

          // The session is still good for more calls.
          const after = await client.callTool({ name: 'fast', arguments: {} });
          expect(after.isError).toBeFalsy();
          expect(after.structuredContent).toEqual({ fast: true });
        } finally {
          await client.close();
        }
      });
    }
  });

  describe('without sessions (stateless Streamable HTTP): the client hanging up', () => {
    const fx = useGateway();
    let api: SlowApi;
    let serverId: string;

    beforeAll(async () => {
      api = await startSlowApi();
      serverId = await registerTools(fx, api);
    });
    afterAll(async () => {
      await api?.close();
    });

    it('a client that closes its connection mid-call aborts the upstream request within a second', async () => {
      const url = `${fx.gw.url}/servers/${serverId}/mcp`;
      const client = await connect(url, 'streamable');
      const tag = nextTag('stateless');
      const call = client.callTool({ name: 'slow', arguments: { tag } });
      await api.arrival(tag);
      const closedByClientAt = Date.now();
      // There is no session to send notifications/cancelled to: closing the transport aborts the open POST.
      await client.close();
      await expect(call).rejects.toThrow();

      const closedAt = await api.closedAt(tag, 1_000);
      expect(closedAt, 'the upstream request is still open').toBeDefined();
      expect(closedAt! - closedByClientAt).toBeLessThan(1_000);

      const again = await connect(url, 'streamable');
      try {
        expect((await again.callTool({ name: 'fast', arguments: {} })).structuredContent).toEqual({
          fast: true,
        });
      } finally {
        await again.close();
      }
    });

    it('a plain HTTP client that aborts its POST has the same effect', async () => {
      const tag = nextTag('raw');
      const controller = new AbortController();
      const post = fetch(`${fx.gw.url}/servers/${serverId}/mcp`, {
        method: 'POST',
        headers: {
          authorization: AUTH,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'slow', arguments: { tag } },
        }),
        signal: controller.signal,
      });
      await api.arrival(tag);
      const abortedAt = Date.now();
      controller.abort();
      await expect(post).rejects.toThrow();
      const closedAt = await api.closedAt(tag, 1_000);
      expect(closedAt, 'the upstream request is still open').toBeDefined();
      expect(closedAt! - abortedAt).toBeLessThan(1_000);
    });
  });
});
