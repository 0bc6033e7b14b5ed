import { describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-fixture.js';
import { e2eDatabase } from './support/gateway-process.js';

describe(`tools registry (${e2eDatabase()})`, () => {
  const fx = useGateway();

  it('runs the reference README tool walkthrough', async () => {
    const created = await fx.api.post('/tools', {
      name: 'clock_tool',
      url: 'http://localhost:9000/rpc',
      description: 'Returns current time',
      input_schema: { type: 'object', properties: { timezone: { type: 'string' } }, required: [] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'clock_tool',
      originalName: 'clock_tool',
      url: 'http://localhost:9000/rpc',
      integrationType: 'MCP',
      requestType: 'SSE',
      inputSchema: { type: 'object', properties: { timezone: { type: 'string' } }, required: [] },
      isActive: true,
      auth: null,
    });
    const id = created.body.id as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);

    expect((await fx.api.get('/tools')).body.map((t: { id: string }) => t.id)).toContain(id);
    expect((await fx.api.get(`/tools/${id}`)).body.description).toBe('Returns current time');

    const updated = await fx.api.put(`/tools/${id}`, { description: 'Updated desc' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      description: 'Updated desc',
      name: 'clock_tool',
      url: 'http://localhost:9000/rpc',
    });

    const off = await fx.api.post(`/tools/${id}/toggle?activate=false`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ status: 'success', tool: { isActive: false } });
    expect((await fx.api.get('/tools')).body.map((t: { id: string }) => t.id)).not.toContain(id);
    expect(
      (await fx.api.get('/tools?include_inactive=true')).body.find((t: { id: string }) => t.id === id)
        .isActive,
    ).toBe(false);
    expect((await fx.api.get(`/tools/${id}`)).body.isActive).toBe(false);

    const on = await fx.api.post(`/tools/${id}/toggle?activate=true`);
    expect(on.body.tool.isActive).toBe(true);

    const deleted = await fx.api.delete(`/tools/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ status: 'success' });
    const gone = await fx.api.get(`/tools/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'TOOL_NOT_FOUND', statusCode: 404 });
  });

  it('refuses a duplicate name with 409', async () => {
    expect((await fx.api.post('/tools', { name: 'dup_tool', url: 'http://localhost:1/x' })).status).toBe(201);
    const again = await fx.api.post('/tools', { name: 'dup_tool', url: 'http://localhost:2/y' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TOOL_NAME_CONFLICT');
    expect(again.body.detail).toContain('dup_tool');
  });

  it('refuses renaming a tool onto another one’s name', async () => {
    const a = await fx.api.post('/tools', { name: 'rename_a', url: 'http://localhost:1/a' });
    await fx.api.post('/tools', { name: 'rename_b', url: 'http://localhost:1/b' });
    const res = await fx.api.put(`/tools/${a.body.id}`, { name: 'rename_b' });
    expect(res.status).toBe(409);
    expect((await fx.api.get(`/tools/${a.body.id}`)).body.name).toBe('rename_a');
  });

  it('stores credentials encrypted and never returns them', async () => {
    const res = await fx.api.post('/tools', {
      name: 'secret_tool',
      url: 'https://fx.api.example.com/v1/{id}',
      integration_type: 'REST',
      request_type: 'GET',
      auth: { auth_type: 'bearer', token: 'tok-very-secret-42' },
    });
    expect(res.status).toBe(201);
    expect(res.body.auth).toEqual({ authType: 'bearer', token: '********' });
    const listed = await fx.api.get('/tools');
    expect(JSON.stringify(listed.body)).not.toContain('tok-very-secret-42');
    const basicAuth = await fx.api.put(`/tools/${res.body.id}`, {
      auth: { authType: 'basic', username: 'u', password: 'pw-hidden-9' },
    });
    expect(basicAuth.body.auth).toEqual({ authType: 'basic', username: 'u', password: '********' });
  });

  it.each([
    ['a name with spaces', { name: 'bad name', url: 'http://x.test/' }],
    ['a missing name', { url: 'http://x.test/' }],
    ['a non-http url', { name: 'ftp_tool', url: 'ftp://x.test/' }],
    ['an unknown integration type', { name: 'x1', url: 'http://x.test/', integrationType: 'SOAP' }],
    [
      'a REST tool with an MCP transport',
      { name: 'x2', url: 'http://x.test/', integrationType: 'REST', requestType: 'SSE' },
    ],
    ['a REST tool without url', { name: 'x3', integrationType: 'REST' }],
    [
      'an input schema that is not a schema',
      { name: 'x4', url: 'http://x.test/', inputSchema: { type: 'banana' } },
    ],
    ['headers with non-string values', { name: 'x5', url: 'http://x.test/', headers: { 'x-n': 1 } }],
    ['bearer auth without token', { name: 'x6', url: 'http://x.test/', auth: { authType: 'bearer' } }],
    ['an unknown auth type', { name: 'x7', url: 'http://x.test/', auth: { authType: 'kerberos' } }],
    ['an array body', [1, 2]],
  ])('answers %s with 422 and writes nothing', async (_what, body) => {
    const before = (await fx.api.get('/tools?include_inactive=true')).body.length;
    const res = await fx.api.post('/tools', body);
    expect(res.status).toBe(422);
    expect(typeof res.body.detail).toBe('string');
    expect((await fx.api.get('/tools?include_inactive=true')).body.length).toBe(before);
  });

  it('answers 404 for unknown ids on every route', async () => {
    for (const res of [
      await fx.api.get('/tools/nope'),
      await fx.api.put('/tools/nope', { description: 'x' }),
      await fx.api.delete('/tools/nope'),
      await fx.api.post('/tools/nope/toggle?activate=false'),
    ]) {
      expect(res.status).toBe(404);
    }
  });

  it('refuses a non-boolean activate flag', async () => {
    const t = await fx.api.post('/tools', { name: 'flag_tool', url: 'http://x.test/' });
    expect((await fx.api.post(`/tools/${t.body.id}/toggle?activate=maybe`)).status).toBe(422);
  });
});
