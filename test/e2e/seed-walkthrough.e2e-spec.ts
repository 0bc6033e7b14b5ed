import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import {
  baseEnv,
  createTestDatabase,
  e2eDatabase,
  runCli,
  startGateway,
  type RunningGateway,
  type TestDatabase,
} from './support/gateway-process.js';

/**
 * The reference README's curl examples for tools, resources, prompts, roots, servers and metrics, run in the
 * README's order against one fresh gateway, with a token from `mcpgateway token` as the README does.
 */
describe(`reference README walkthrough (${e2eDatabase()})`, () => {
  let db: TestDatabase;
  let gw: RunningGateway;
  let api: ApiClient;
  const ids: { tool?: string; resource?: number; prompt?: number; server?: string } = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startGateway(baseEnv(db.url));
    const token = (await runCli(['token', '-u', 'admin', '--secret', 'e2e-jwt-secret'])).stdout.trim();
    api = new ApiClient(gw.url, `Bearer ${token}`);
  });
  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  it('authentication and health', async () => {
    expect((await api.get('/health')).body.status).toBe('healthy');
    expect((await api.get('/version')).status).toBe(200);
  });

  it('tool management', async () => {
    const created = await api.post('/tools', {
      name: 'clock_tool',
      url: 'http://localhost:9000/rpc',
      description: 'Returns current time',
      input_schema: { type: 'object', properties: { timezone: { type: 'string' } }, required: [] },
    });
    expect(created.status).toBe(201);
    ids.tool = created.body.id;
    expect((await api.get('/tools')).body).toHaveLength(1);
    expect((await api.get(`/tools/${ids.tool}`)).body.name).toBe('clock_tool');
    expect((await api.put(`/tools/${ids.tool}`, { description: 'Updated desc' })).body.description).toBe(
      'Updated desc',
    );
    expect((await api.post(`/tools/${ids.tool}/toggle?activate=false`)).body.tool.isActive).toBe(false);
    expect((await api.post(`/tools/${ids.tool}/toggle?activate=true`)).body.tool.isActive).toBe(true);
    // Deleting comes last in the README; keep a second tool for the servers below.
    const keeper = await api.post('/tools', { name: 'keeper_tool', url: 'http://localhost:9000/rpc' });
    expect((await api.delete(`/tools/${ids.tool}`)).body.status).toBe('success');
    expect((await api.get(`/tools/${ids.tool}`)).status).toBe(404);
    ids.tool = keeper.body.id;
  });

  it('resource management', async () => {
    const created = await api.post('/resources', {
      uri: 'config://app/settings',
      name: 'App Settings',
      content: 'key=value',
    });
    expect(created.status).toBe(201);
    ids.resource = created.body.id;
    expect((await api.get('/resources')).body.map((r: { uri: string }) => r.uri)).toEqual([
      'config://app/settings',
    ]);
    expect((await api.get('/resources/config://app/settings')).body).toMatchObject({
      uri: 'config://app/settings',
      text: 'key=value',
    });
    expect((await api.put('/resources/config://app/settings', { content: 'new=value' })).status).toBe(200);
    expect((await api.get('/resources/config://app/settings')).body.text).toBe('new=value');
    const other = await api.post('/resources', { uri: 'config://app/other', name: 'Other', content: 'x=1' });
    expect((await api.delete('/resources/config://app/other')).status).toBe(200);
    expect((await api.get('/resources/config://app/other')).status).toBe(404);
    expect(other.status).toBe(201);
  });

  it('prompt management', async () => {
    const created = await api.post('/prompts', {
      name: 'greet',
      template: 'Hello, {{ user }}!',
      argument_schema: { type: 'object', properties: { user: { type: 'string' } }, required: ['user'] },
    });
    expect(created.status).toBe(201);
    ids.prompt = created.body.id;
    expect((await api.get('/prompts')).body.map((p: { name: string }) => p.name)).toEqual(['greet']);
    const rendered = await api.post('/prompts/greet', { user: 'Alice' });
    expect(rendered.body.messages[0].content).toEqual({ type: 'text', text: 'Hello, Alice!' });
    const noArgs = await api.get('/prompts/greet');
    expect(noArgs.status).toBe(422);
    expect(noArgs.body.detail).toContain('user');
    expect((await api.put('/prompts/greet', { template: 'Hi, {{ user }}!' })).status).toBe(200);
    expect((await api.post('/prompts/greet', { user: 'Alice' })).body.messages[0].content.text).toBe(
      'Hi, Alice!',
    );
    expect((await api.post(`/prompts/${ids.prompt}/toggle?activate=false`)).body.prompt.isActive).toBe(false);
    expect((await api.post(`/prompts/${ids.prompt}/toggle?activate=true`)).body.prompt.isActive).toBe(true);
  });

  it('root management', async () => {
    expect((await api.get('/roots')).body).toEqual([]);
    expect((await api.post('/roots', { uri: '/data', name: 'Data Root' })).status).toBe(201);
    expect((await api.delete('/roots/%2Fdata')).status).toBe(200);
    expect((await api.get('/roots')).body).toEqual([]);
  });

  it('server management', async () => {
    expect((await api.get('/servers')).body).toEqual([]);
    const created = await api.post('/servers', {
      name: 'db',
      description: 'Database',
      associatedTools: [ids.tool],
      associatedResources: [ids.resource],
      associatedPrompts: [ids.prompt],
    });
    expect(created.status).toBe(201);
    ids.server = created.body.id;
    expect((await api.get(`/servers/${ids.server}`)).body.associatedTools).toEqual([ids.tool]);
    expect((await api.put(`/servers/${ids.server}`, { description: 'Updated' })).body.description).toBe(
      'Updated',
    );
    expect((await api.post(`/servers/${ids.server}/toggle?activate=false`)).body.server.isActive).toBe(false);
  });

  it('metrics', async () => {
    const metrics = await api.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(Object.keys(metrics.body)).toEqual(
      expect.arrayContaining(['tools', 'resources', 'prompts', 'servers']),
    );
    // The resource reads and prompt renders above were counted (in memory, before any flush).
    expect(metrics.body.resources.totalExecutions).toBeGreaterThanOrEqual(2);
    expect(metrics.body.prompts.totalExecutions).toBeGreaterThanOrEqual(2);
    expect((await api.post('/metrics/reset')).status).toBe(200);
    expect((await api.get('/metrics')).body.resources.totalExecutions).toBe(0);
    expect((await api.post(`/metrics/reset?entity=tool&id=${ids.tool}`)).status).toBe(200);
  });
});
