import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-fixture.js';
import { basic, e2eDatabase, type Json } from './support/gateway-process.js';
import { startUpstream, type Upstream } from './support/upstream-server.js';

const AUTH = basic('admin', 'e2e-basic-password');

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function connect(url: string, sampling = false): Promise<Client> {
  const client = new Client(
    { name: 'e2e', version: '1.0.0' },
    { capabilities: sampling ? { sampling: {} } : {} },
  );
  if (sampling)
    client.setRequestHandler(CreateMessageRequestSchema, (request) => ({
      role: 'assistant',
      model: 'e2e-model',
      content: {
        type: 'text',
        text: `answer to ${(request.params.messages[0].content as { text: string }).text}`,
      },
    }));
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: AUTH } } }),
  );
  return client;
}

describe(`upstream MCP servers behind the gateway (${e2eDatabase()})`, () => {
  const fx = useGateway({
    HEALTH_CHECK_INTERVAL: '1',
    HEALTH_CHECK_TIMEOUT: '1',
    UNHEALTHY_THRESHOLD: '2',
    USE_STATEFUL_SESSIONS: 'true',
    JSON_RESPONSE_ENABLED: 'false',
  });
  let alpha: Upstream;
  let beta: Upstream;
  let alphaId: string;
  let betaId: string;
  let serverId: string;
  let client: Client;

  const tools = async (): Promise<Json[]> => (await fx.api.get('/tools')).body;
  const toolId = async (name: string): Promise<string> =>
    (await tools()).find((t: Json) => t.name === name)?.id;

  beforeAll(async () => {
    alpha = await startUpstream({ label: 'alpha' });
    beta = await startUpstream({ label: 'beta', requireAuthorization: 'Bearer beta-token' });
  });
  afterAll(async () => {
    await client?.close();
    await alpha?.stop();
    await beta?.stop();
  });

  it('registers a Streamable HTTP upstream, detecting its transport, and imports what it offers', async () => {
    const res = await fx.api.post('/gateways', { name: 'Alpha', url: `${alpha.url}/mcp` });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Alpha',
      slug: 'alpha',
      transport: 'STREAMABLEHTTP',
      reachable: true,
      isActive: true,
      capabilities: { tools: { listChanged: true } },
      imported: { created: 6 + 2 + 1, skipped: [] },
    });
    alphaId = res.body.id;
    const names = (await tools()).map((t: Json) => t.name);
    expect(names).toEqual(expect.arrayContaining(['alpha-echo', 'alpha-add', 'alpha-slow', 'alpha-ask']));
    const echo = (await tools()).find((t: Json) => t.name === 'alpha-echo');
    expect(echo).toMatchObject({ originalName: 'echo', integrationType: 'MCP', gatewayId: alphaId });
    const resources = (await fx.api.get('/resources')).body.map((r: Json) => r.uri);
    expect(resources).toEqual(expect.arrayContaining(['test://alpha/readme', 'test://alpha/items/{id}']));
    const prompts = (await fx.api.get('/prompts')).body.map((p: Json) => p.name);
    expect(prompts).toContain('alpha-greet');
  });

  it('registers an SSE upstream with bearer credentials, stored masked, whose tool names clash', async () => {
    const res = await fx.api.post('/gateways', {
      name: 'beta',
      url: `${beta.url}/sse`,
      auth: { authType: 'bearer', token: 'beta-token' },
    });
    expect(res.status).toBe(201);
    expect(res.body.transport).toBe('SSE');
    expect(res.body.auth).toEqual({ authType: 'bearer', token: expect.stringMatching(/^\*+$/) });
    expect(JSON.stringify(res.body)).not.toContain('beta-token');
    betaId = res.body.id;
    expect(await toolId('beta-echo')).toBeDefined();
    const rpc = await fx.api.post('/rpc', { jsonrpc: '2.0', id: 1, method: 'list_gateways' });
    expect(rpc.body.result.gateways.map((g: Json) => g.name)).toEqual(['Alpha', 'beta']);
  });

  it('refuses bad registrations with a clear error and stores nothing', async () => {
    const before = (await fx.api.get('/gateways?include_inactive=true')).body.length;
    expect((await fx.api.post('/gateways', { name: 'x', url: 'ftp://example.com' })).status).toBe(422);
    expect((await fx.api.post('/gateways', { name: 'x' })).status).toBe(422);
    const down = await fx.api.post('/gateways', { name: 'down', url: 'http://127.0.0.1:1/mcp' });
    expect(down.status).toBe(502);
    expect(down.body.code).toBe('GATEWAY_CONNECTION_FAILED');
    const clash = await fx.api.post('/gateways', { name: 'alpha', url: `${alpha.url}/mcp` });
    expect(clash.status).toBe(409);
    const metadata = await fx.api.post('/gateways', { name: 'meta', url: 'http://169.254.169.254/mcp' });
    expect(metadata.status).toBe(422);
    const noAuth = await fx.api.post('/gateways', { name: 'beta2', url: `${beta.url}/sse` });
    expect(noAuth.status).toBe(502);
    expect((await fx.api.get('/gateways?include_inactive=true')).body.length).toBe(before);
  });

  it('serves both upstreams through one virtual server, each tool reaching its own upstream', async () => {
    const all = await tools();
    const resources = (await fx.api.get('/resources')).body;
    const prompts = (await fx.api.get('/prompts')).body;
    serverId = (
      await fx.api.post('/servers', {
        name: 'both',
        associatedTools: all.filter((t: Json) => t.gatewayId).map((t: Json) => t.id),
        associatedResources: resources.filter((r: Json) => r.gatewayId).map((r: Json) => r.id),
        associatedPrompts: prompts.filter((p: Json) => p.gatewayId).map((p: Json) => p.id),
      })
    ).body.id;
    client = await connect(`${fx.gw.url}/servers/${serverId}/mcp`, true);
    const listed = (await client.listTools()).tools.map((t) => t.name);
    expect(listed).toEqual(expect.arrayContaining(['alpha-echo', 'beta-echo']));

    const a = await client.callTool({ name: 'alpha-echo', arguments: { text: 'hi' } });
    const b = await client.callTool({ name: 'beta-echo', arguments: { text: 'hi' } });
    expect(a.content).toEqual([{ type: 'text', text: 'alpha:hi' }]);
    expect(b.content).toEqual([{ type: 'text', text: 'beta:hi' }]);
    expect(alpha.calls).toContain('tools/call');
  });

  it('passes structured content, tool errors and _meta through unchanged', async () => {
    const sum = await client.callTool({ name: 'alpha-add', arguments: { a: 2, b: 3 } });
    expect(sum.structuredContent).toEqual({ sum: 5 });
    const failed = await client.callTool({ name: 'beta-fail', arguments: {} });
    expect(failed).toMatchObject({ isError: true, content: [{ type: 'text', text: 'beta:it went wrong' }] });
    const meta = await client.callTool({ name: 'alpha-meta', arguments: {}, _meta: { traceId: 't-1' } });
    expect(JSON.parse((meta.content as { text: string }[])[0].text)).toMatchObject({ traceId: 't-1' });
  });

  it('checks arguments against the imported schema before calling the upstream', async () => {
    const before = alpha.calls.length;
    await expect(client.callTool({ name: 'alpha-echo', arguments: { text: 42 } })).rejects.toThrow(/text/);
    expect(alpha.calls.length).toBe(before);
  });

  it('relays the upstream’s progress to the caller', async () => {
    const progress: number[] = [];
    const result = await client.callTool({ name: 'alpha-slow', arguments: { ms: 300 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(result.content).toEqual([{ type: 'text', text: 'alpha:slept 300' }]);
    expect(progress.length).toBeGreaterThanOrEqual(3);
  });

  it('cancels the upstream call when the client cancels', async () => {
    const before = alpha.cancelled;
    const controller = new AbortController();
    const call = client.callTool({ name: 'alpha-slow', arguments: { ms: 5000 } }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('changed my mind'), 300);
    await expect(call).rejects.toThrow();
    await eventually(
      () => Promise.resolve(alpha.cancelled),
      (n) => n > before,
    );
    expect(alpha.cancelled).toBeGreaterThan(before);
    expect((await client.callTool({ name: 'alpha-echo', arguments: { text: 'after' } })).content).toEqual([
      { type: 'text', text: 'alpha:after' },
    ]);
  });

  it('relays the upstream’s sampling request to the calling client, and refuses it for a client without sampling', async () => {
    const answered = await client.callTool({ name: 'alpha-ask', arguments: { question: 'why' } });
    expect(answered.content).toEqual([{ type: 'text', text: 'alpha:sampled answer to why' }]);

    const plain = await connect(`${fx.gw.url}/servers/${serverId}/mcp`, false);
    try {
      const refused = await plain.callTool({ name: 'alpha-ask', arguments: { question: 'why' } });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toMatch(/does not support sampling/);
    } finally {
      await plain.close();
    }
  });

  it('reads imported resources and template URIs, gets prompts and completions from their upstream', async () => {
    const readme = await client.readResource({ uri: 'test://alpha/readme' });
    expect(readme.contents).toEqual([
      { uri: 'test://alpha/readme', mimeType: 'text/plain', text: 'alpha readme' },
    ]);
    const item = await client.readResource({ uri: 'test://beta/items/42' });
    expect(item.contents[0]).toMatchObject({ text: 'beta item 42' });
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['test://alpha/items/{id}', 'test://beta/items/{id}']));

    const prompt = await client.getPrompt({ name: 'beta-greet', arguments: { name: 'Ada' } });
    expect(prompt.messages[0].content).toEqual({ type: 'text', text: 'beta says hello to Ada' });
    await expect(client.getPrompt({ name: 'beta-greet', arguments: {} })).rejects.toThrow(/name/);

    const completion = await client.complete({
      ref: { type: 'ref/prompt', name: 'alpha-greet' },
      argument: { name: 'name', value: 'A' },
    });
    expect(completion.completion.values).toEqual(['Ada', 'Alan']);

    const rest = await fx.api.get(`/resources/${encodeURIComponent('test://alpha/readme')}`);
    expect(rest.body).toMatchObject({ text: 'alpha readme' });
  });

  it('follows the upstream’s list_changed, keeping ids (and virtual-server membership) of what stays', async () => {
    const echoId = await toolId('alpha-echo');
    alpha.addTool('extra');
    const names = await eventually(
      async () => (await tools()).map((t: Json) => t.name),
      (n) => n.includes('alpha-extra'),
    );
    expect(names).toContain('alpha-extra');
    expect(await toolId('alpha-echo')).toBe(echoId);
    const refreshed = await fx.api.post(`/gateways/${alphaId}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.imported).toMatchObject({ created: 0, deleted: 0 });
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('alpha-echo');
  });

  it('marks a killed upstream unreachable (its tools leave listings) and brings it back when it returns', async () => {
    const port = alpha.port;
    await alpha.stop();
    const down = await eventually(
      async () => (await fx.api.get(`/gateways/${alphaId}`)).body,
      (g) => g.reachable === false,
    );
    expect(down).toMatchObject({ reachable: false });
    expect(down.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(down.lastError).toBeTruthy();
    expect((await tools()).find((t: Json) => t.name === 'alpha-echo')?.reachable).toBe(false);
    const listed = await eventually(
      async () => (await client.listTools()).tools.map((t) => t.name),
      (n) => !n.includes('alpha-echo'),
    );
    expect(listed).not.toContain('alpha-echo');
    expect(listed).toContain('beta-echo');

    alpha = await startUpstream({ label: 'alpha', port });
    const up = await eventually(
      async () => (await fx.api.get(`/gateways/${alphaId}`)).body,
      (g) => g.reachable === true,
    );
    expect(up).toMatchObject({ reachable: true, consecutiveFailures: 0, lastError: null });
    const back = await eventually(
      async () => (await client.listTools()).tools.map((t) => t.name),
      (n) => n.includes('alpha-echo'),
    );
    expect(back).toContain('alpha-echo');
    const again = await client.callTool({ name: 'alpha-echo', arguments: { text: 'back' } });
    expect(again.content).toEqual([{ type: 'text', text: 'alpha:back' }]);
  });

  it('updates, deactivates and reactivates an upstream with its imports', async () => {
    const renamed = await fx.api.put(`/gateways/${betaId}`, { description: 'the beta one' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.description).toBe('the beta one');
    const badUrl = await fx.api.put(`/gateways/${betaId}`, { url: 'http://127.0.0.1:1/sse' });
    expect(badUrl.status).toBe(502);
    expect((await fx.api.get(`/gateways/${betaId}`)).body.url).toBe(`${beta.url}/sse`);

    const off = await fx.api.post(`/gateways/${betaId}/toggle?activate=false`);
    expect(off.body.gateway.isActive).toBe(false);
    expect((await tools()).map((t: Json) => t.name)).not.toContain('beta-echo');
    const on = await fx.api.post(`/gateways/${betaId}/toggle?activate=true`);
    expect(on.body.gateway).toMatchObject({ isActive: true, reachable: true });
    expect((await tools()).map((t: Json) => t.name)).toContain('beta-echo');
    const call = await client.callTool({ name: 'beta-echo', arguments: { text: 'on' } });
    expect(call.content).toEqual([{ type: 'text', text: 'beta:on' }]);
  });

  it('deletes an upstream with everything it imported, which leaves the virtual server', async () => {
    expect((await fx.api.delete(`/gateways/${betaId}`)).status).toBe(200);
    expect((await fx.api.get(`/gateways/${betaId}`)).status).toBe(404);
    expect((await tools()).some((t: Json) => t.gatewayId === betaId)).toBe(false);
    expect((await fx.api.get('/resources')).body.some((r: Json) => r.gatewayId === betaId)).toBe(false);
    const server = (await fx.api.get(`/servers/${serverId}`)).body;
    expect(server.associatedTools.length).toBeGreaterThan(0);
    const listed = await eventually(
      async () => (await client.listTools()).tools.map((t) => t.name),
      (n) => !n.includes('beta-echo'),
    );
    expect(listed.some((n) => n.startsWith('beta-'))).toBe(false);
  });
});
