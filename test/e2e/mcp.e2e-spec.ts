import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { basic, e2eDatabase, json } from './support/gateway-process.js';
import { useGateway, type GatewayFixture } from './support/gateway-fixture.js';

const AUTH = basic('admin', 'e2e-basic-password');

type Kind = 'streamable' | 'sse';

async function connect(fx: GatewayFixture, path: string, kind: Kind): Promise<Client> {
  const url = new URL(`${fx.gw.url}${path}`);
  const headers = { authorization: AUTH };
  const transport: Transport =
    kind === 'sse'
      ? new SSEClientTransport(url, {
          requestInit: { headers },
          eventSourceInit: {
            fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }),
          },
        })
      : new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Registers a small catalogue: tools, a resource, a template, a prompt, and a virtual server with part of it. */
async function seed(fx: GatewayFixture): Promise<{ serverId: string }> {
  const t1 = (
    await fx.api.post('/tools', {
      name: 'alpha',
      url: 'http://localhost:1/a',
      description: 'first',
      input_schema: { type: 'object', properties: { q: { type: 'string' } } },
    })
  ).body;
  await fx.api.post('/tools', { name: 'beta', url: 'http://localhost:1/b' });
  const r = (
    await fx.api.post('/resources', { uri: 'config://app/settings', name: 'Settings', content: 'key=value' })
  ).body;
  await fx.api.post('/resources', { uri: 'config://other', name: 'Other', content: 'x' });
  await fx.api.post('/resources', {
    uri: 'file:///logs/{day}',
    name: 'Logs',
    template: 'file:///logs/{day}',
  });
  const p = (
    await fx.api.post('/prompts', {
      name: 'greet',
      template: 'Hello, {{ user }}!',
      argument_schema: {
        type: 'object',
        properties: { user: { type: 'string', enum: ['alice', 'albert', 'bob'] } },
        required: ['user'],
      },
    })
  ).body;
  const server = (
    await fx.api.post('/servers', {
      name: 'slice',
      associatedTools: [t1.id],
      associatedResources: [r.id],
      associatedPrompts: [p.id],
    })
  ).body;
  return { serverId: server.id };
}

const MODES: { name: string; env: Record<string, string>; kind: Kind }[] = [
  { name: 'Streamable HTTP, stateless, JSON answers', env: {}, kind: 'streamable' },
  {
    name: 'Streamable HTTP, stateful, SSE answers',
    env: { USE_STATEFUL_SESSIONS: 'true', JSON_RESPONSE_ENABLED: 'false' },
    kind: 'streamable',
  },
  {
    name: 'Streamable HTTP, stateless, SSE answers',
    env: { JSON_RESPONSE_ENABLED: 'false' },
    kind: 'streamable',
  },
  {
    name: 'Streamable HTTP, stateful, JSON answers',
    env: { USE_STATEFUL_SESSIONS: 'true' },
    kind: 'streamable',
  },
  { name: 'HTTP+SSE (2024-11-05)', env: {}, kind: 'sse' },
];

for (const mode of MODES) {
  describe(`MCP over ${mode.name} (${e2eDatabase()})`, () => {
    const fx = useGateway(mode.env);
    let serverId: string;
    const endpoint = (scope: string | null) =>
      `${scope ? `/servers/${scope}` : ''}/${mode.kind === 'sse' ? 'sse' : 'mcp'}`;

    beforeAll(async () => {
      ({ serverId } = await seed(fx));
    });

    it('negotiates, lists and reads the whole catalogue', async () => {
      const client = await connect(fx, endpoint(null), mode.kind);
      try {
        expect(client.getServerCapabilities()).toMatchObject({
          tools: { listChanged: true },
          resources: { subscribe: true },
          prompts: {},
        });
        expect(client.getServerVersion()?.name).toBe('MCP Gateway');
        expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['alpha', 'beta']);
        expect((await client.listResources()).resources.map((r) => r.uri).sort()).toEqual([
          'config://app/settings',
          'config://other',
        ]);
        expect((await client.listResourceTemplates()).resourceTemplates).toEqual([
          expect.objectContaining({ uriTemplate: 'file:///logs/{day}', name: 'Logs' }),
        ]);
        const read = await client.readResource({ uri: 'config://app/settings' });
        expect(read.contents[0]).toMatchObject({ uri: 'config://app/settings', text: 'key=value' });
        const prompt = await client.getPrompt({ name: 'greet', arguments: { user: 'alice' } });
        expect(prompt.messages[0].content).toEqual({ type: 'text', text: 'Hello, alice!' });
        const completion = await client.complete({
          ref: { type: 'ref/prompt', name: 'greet' },
          argument: { name: 'user', value: 'al' },
        });
        expect(completion.completion.values).toEqual(['alice', 'albert']);
        await client.setLoggingLevel('warning');
        await client.ping();
      } finally {
        await client.close();
      }
    });

    it('shows a virtual server exactly its own tools, resources and prompts', async () => {
      const client = await connect(fx, endpoint(serverId), mode.kind);
      try {
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['alpha']);
        expect((await client.listTools()).tools[0]).toMatchObject({
          description: 'first',
          inputSchema: { properties: { q: { type: 'string' } } },
        });
        expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['config://app/settings']);
        expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['greet']);
        await expect(client.readResource({ uri: 'config://other' })).rejects.toThrow(/Resource not found/);
      } finally {
        await client.close();
      }
    });

    it('answers protocol errors with JSON-RPC errors', async () => {
      const client = await connect(fx, endpoint(null), mode.kind);
      try {
        await expect(client.getPrompt({ name: 'greet', arguments: {} })).rejects.toThrow(/user/);
        await expect(client.getPrompt({ name: 'nope' })).rejects.toThrow(/Unknown prompt/);
        await expect(
          client.request({ method: 'tools/destroy', params: {} }, ToolListChangedNotificationSchema as never),
        ).rejects.toThrow(/Method not found/);
      } finally {
        await client.close();
      }
    });

    if (mode.kind === 'sse' || mode.env.USE_STATEFUL_SESSIONS) {
      it('sends list_changed and resources/updated to connected sessions', async () => {
        const client = await connect(fx, endpoint(null), mode.kind);
        try {
          const listChanged = new Promise<void>((resolve) =>
            client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
          );
          const updated = new Promise<string>((resolve) =>
            client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)),
          );
          await client.subscribeResource({ uri: 'config://app/settings' });
          await fx.api.post('/tools', {
            name: `gamma_${mode.kind}_${Date.now()}`,
            url: 'http://localhost:1/g',
          });
          await fx.api.put('/resources/config://app/settings', { content: 'key=changed' });
          await expect(listChanged).resolves.toBeUndefined();
          await expect(updated).resolves.toBe('config://app/settings');
        } finally {
          await client.close();
        }
      });
    }
  });
}

describe(`MCP endpoints over raw HTTP (${e2eDatabase()})`, () => {
  const fx = useGateway({ USE_STATEFUL_SESSIONS: 'true' });
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${fx.gw.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: AUTH,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body,
    });

  it('needs credentials', async () => {
    const res = await fetch(`${fx.gw.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe(-32001);
  });

  it.each([
    ['truncated JSON', '{"jsonrpc":"2.0","id":1,', 400, -32700],
    ['a request without a session', '{"jsonrpc":"2.0","id":1,"method":"tools/list"}', 400, -32600],
    ['an empty batch', '[]', 400, -32600],
  ])('answers %s with HTTP %s and JSON-RPC %s', async (_what, body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect((await json(res)).error.code).toBe(code);
  });

  it('answers an unknown session with 404, garbage in a batch with per-item errors, and survives it all', async () => {
    expect(
      (await post('{"jsonrpc":"2.0","id":1,"method":"ping"}', { 'mcp-session-id': 'no-such-session' }))
        .status,
    ).toBe(404);
    const init = await post(
      '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}',
    );
    const session = init.headers.get('mcp-session-id')!;
    expect(session).toBeTruthy();
    const batch = await post(
      JSON.stringify([
        1,
        { jsonrpc: '2.0', id: 'a', method: 'ping' },
        { jsonrpc: '1.0', id: 2, method: 'ping' },
        { jsonrpc: '2.0', id: 3, method: 'tools/list', params: [] },
      ]),
      {
        'mcp-session-id': session,
      },
    );
    const answers = await json(batch);
    expect(answers.map((a: { error?: { code: number } }) => a.error?.code ?? 'ok')).toEqual([
      -32600,
      'ok',
      -32600,
      -32600,
    ]);
    expect((await post('x'.repeat(17 * 1024 * 1024), { 'mcp-session-id': session })).status).toBe(413);
    expect(
      (
        await post('{"jsonrpc":"2.0","id":9,"method":"ping"}', {
          'mcp-session-id': session,
          'content-type': 'text/plain',
        })
      ).status,
    ).toBe(415);
    const del = await fetch(`${fx.gw.url}/mcp`, {
      method: 'DELETE',
      headers: { authorization: AUTH, 'mcp-session-id': session },
    });
    expect(del.status).toBe(200);
    expect(
      (await post('{"jsonrpc":"2.0","id":1,"method":"ping"}', { 'mcp-session-id': session })).status,
    ).toBe(404);
    expect((await fetch(`${fx.gw.url}/health`)).status).toBe(200);
  });

  it('serves the reference /protocol routes', async () => {
    const init = await fx.api.post('/protocol/initialize', {
      protocol_version: '2025-03-26',
      capabilities: {},
      client_info: { name: 'MyClient', version: '1.0.0' },
    });
    expect(init.status).toBe(200);
    expect(init.body).toMatchObject({ protocolVersion: '2025-03-26', serverInfo: { name: 'MCP Gateway' } });
    expect((await fx.api.post('/protocol/ping', { jsonrpc: '2.0', id: 1, method: 'ping' })).body).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: {},
    });
    expect((await fx.api.post('/protocol/ping', { jsonrpc: '2.0', id: 1, method: 'pong' })).status).toBe(422);
    expect(
      (await fx.api.post('/protocol/notifications', { method: 'notifications/initialized' })).body,
    ).toEqual({ status: 'ok' });
    const unknown = await fx.api.post('/protocol/completion/complete', {
      ref: { type: 'ref/prompt', name: 'example_prompt' },
      argument: { name: 'topic', value: 'py' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'INVALID_PARAMS', detail: 'Unknown prompt: example_prompt' });
    expect((await fetch(`${fx.gw.url}/protocol/ping`, { method: 'POST' })).status).toBe(401);
  });

  it('relays /protocol/sampling/createMessage to a connected client of the same user that offers sampling', async () => {
    const none = await fx.api.post('/protocol/sampling/createMessage', {
      messages: [{ role: 'user', content: { type: 'text', text: 'Hello' } }],
      maxTokens: 16,
    });
    expect(none.status).toBe(503);
    expect(none.body.code).toBe('SAMPLING_UNAVAILABLE');

    const client = new Client({ name: 'sampler', version: '1.0.0' }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, (request) => ({
      role: 'assistant',
      content: {
        type: 'text',
        text: `echo: ${(request.params.messages[0].content as { text: string }).text}`,
      },
      model: 'e2e-model',
    }));
    const headers = { authorization: AUTH };
    await client.connect(
      new SSEClientTransport(new URL(`${fx.gw.url}/sse`), {
        requestInit: { headers },
        eventSourceInit: {
          fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }),
        },
      }),
    );
    try {
      const relayed = await fx.api.post('/protocol/sampling/createMessage', {
        messages: [{ role: 'user', content: { type: 'text', text: 'Hello' } }],
        maxTokens: 16,
      });
      expect(relayed.status).toBe(200);
      expect(relayed.body).toEqual({
        role: 'assistant',
        content: { type: 'text', text: 'echo: Hello' },
        model: 'e2e-model',
      });
      expect(
        (await fx.api.post('/protocol/sampling/createMessage', { messages: [], maxTokens: 16 })).status,
      ).toBe(422);
    } finally {
      await client.close();
    }
  });

  it('answers an unknown virtual server with 404', async () => {
    const res = await fetch(`${fx.gw.url}/servers/nope/mcp`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
  });
});
