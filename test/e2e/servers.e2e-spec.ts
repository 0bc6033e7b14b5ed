import { beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-fixture.js';
import { e2eDatabase } from './support/gateway-process.js';

describe(`virtual servers (${e2eDatabase()})`, () => {
  const fx = useGateway();
  let toolA: string;
  let toolB: string;
  let resourceId: number;
  let promptId: number;

  beforeAll(async () => {
    toolA = (await fx.api.post('/tools', { name: 'srv_tool_a', url: 'http://localhost:1/a' })).body.id;
    toolB = (await fx.api.post('/tools', { name: 'srv_tool_b', url: 'http://localhost:1/b' })).body.id;
    resourceId = (
      await fx.api.post('/resources', { uri: 'config://srv/settings', name: 'Settings', content: 'k=v' })
    ).body.id;
    promptId = (
      await fx.api.post('/prompts', {
        name: 'srv_prompt',
        template: 'Hi {{ who }}',
        argument_schema: { type: 'object', properties: { who: { type: 'string' } } },
      })
    ).body.id;
  });

  it('creates, reads, updates, toggles and deletes a server with its associations', async () => {
    const created = await fx.api.post('/servers', {
      name: 'db',
      description: 'Database',
      associatedTools: [toolA, toolB],
      associated_resources: [String(resourceId)],
      associatedPrompts: [promptId],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'db',
      description: 'Database',
      isActive: true,
      associatedTools: [toolA, toolB].sort(),
      associatedResources: [resourceId],
      associatedPrompts: [promptId],
    });
    const id = created.body.id;

    expect((await fx.api.get('/servers')).body.map((s: { id: string }) => s.id)).toContain(id);
    expect(
      (await fx.api.get(`/servers/${id}/tools`)).body.map((t: { name: string }) => t.name).sort(),
    ).toEqual(['srv_tool_a', 'srv_tool_b']);
    expect((await fx.api.get(`/servers/${id}/resources`)).body.map((r: { uri: string }) => r.uri)).toEqual([
      'config://srv/settings',
    ]);
    expect((await fx.api.get(`/servers/${id}/prompts`)).body.map((p: { name: string }) => p.name)).toEqual([
      'srv_prompt',
    ]);

    const updated = await fx.api.put(`/servers/${id}`, {
      description: 'Updated',
      associatedTools: `${toolB}`,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      description: 'Updated',
      associatedTools: [toolB],
      associatedResources: [resourceId],
    });

    const off = await fx.api.post(`/servers/${id}/toggle?activate=false`);
    expect(off.body).toMatchObject({ status: 'success', server: { isActive: false } });
    expect((await fx.api.get('/servers')).body.map((s: { id: string }) => s.id)).not.toContain(id);
    expect(
      (await fx.api.get('/servers?include_inactive=true')).body.map((s: { id: string }) => s.id),
    ).toContain(id);

    expect((await fx.api.delete(`/servers/${id}`)).status).toBe(200);
    expect((await fx.api.get(`/servers/${id}`)).status).toBe(404);
    expect((await fx.api.get(`/tools/${toolB}`)).status).toBe(200);
  });

  it('drops a deleted tool from every server that bundled it, and hides a deactivated one', async () => {
    const extra = (await fx.api.post('/tools', { name: 'srv_tool_gone', url: 'http://localhost:1/g' })).body
      .id;
    const server = (await fx.api.post('/servers', { name: 'bundle', associatedTools: [toolA, extra] })).body;
    await fx.api.post(`/tools/${toolA}/toggle?activate=false`);
    expect((await fx.api.get(`/servers/${server.id}/tools`)).body.map((t: { id: string }) => t.id)).toEqual([
      extra,
    ]);
    expect((await fx.api.get(`/servers/${server.id}/tools?include_inactive=true`)).body).toHaveLength(2);
    await fx.api.post(`/tools/${toolA}/toggle?activate=true`);

    expect((await fx.api.delete(`/tools/${extra}`)).status).toBe(200);
    expect((await fx.api.get(`/servers/${server.id}`)).body.associatedTools).toEqual([toolA]);
  });

  it('refuses unknown associations with 404 naming them, and writes nothing', async () => {
    const before = (await fx.api.get('/servers?include_inactive=true')).body.length;
    const res = await fx.api.post('/servers', { name: 'ghosts', associatedTools: ['1', '2', '3'] });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('1, 2, 3');
    const badResource = await fx.api.post('/servers', { name: 'ghosts2', associatedResources: [999999] });
    expect(badResource.status).toBe(404);
    expect((await fx.api.get('/servers?include_inactive=true')).body.length).toBe(before);
  });

  it('refuses duplicate names and malformed association lists', async () => {
    expect((await fx.api.post('/servers', { name: 'unique_srv' })).status).toBe(201);
    expect((await fx.api.post('/servers', { name: 'unique_srv' })).status).toBe(409);
    expect((await fx.api.post('/servers', { name: 'bad1', associatedResources: ['abc'] })).status).toBe(422);
    expect((await fx.api.post('/servers', { name: 'bad2', associatedTools: { a: 1 } })).status).toBe(422);
    expect((await fx.api.post('/servers', { name: 'bad3', icon: 'javascript:alert(1)' })).status).toBe(422);
  });
});
