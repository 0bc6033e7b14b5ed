import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import {
  basic,
  baseEnv,
  createTestDatabase,
  e2eDatabase,
  startGateway,
  type RunningGateway,
  type TestDatabase,
} from './support/gateway-process.js';
import { readSseEvents } from './support/sse.js';

describe(`roots registry (${e2eDatabase()})`, () => {
  let db: TestDatabase;
  let gw: RunningGateway;
  let api: ApiClient;
  const auth = basic('admin', 'e2e-basic-password');

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startGateway(baseEnv(db.url));
    api = new ApiClient(gw.url, auth);
  });
  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  it('runs the reference README roots walkthrough, with change events', async () => {
    const changes = readSseEvents(`${gw.url}/roots/changes`, { authorization: auth });
    await changes.opened;

    expect((await api.get('/roots')).body).toEqual([]);
    const added = await api.post('/roots', { uri: '/data', name: 'Data Root' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ uri: 'file:///data', name: 'Data Root' });
    expect((await api.get('/roots')).body).toEqual([{ uri: 'file:///data', name: 'Data Root' }]);

    const removed = await api.delete('/roots/%2Fdata');
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ status: 'success' });
    expect((await api.get('/roots')).body).toEqual([]);

    const events = await changes.next(2);
    changes.close();
    expect(events.map((e) => e.event)).toEqual(['root_added', 'root_removed']);
    expect(JSON.parse(events[0].data)).toMatchObject({ type: 'root_added', data: { uri: 'file:///data' } });
  });

  it('keeps URIs with a scheme as they are, and refuses duplicates and relative paths', async () => {
    expect((await api.post('/roots', { uri: 'https://example.com/repo' })).body).toEqual({
      uri: 'https://example.com/repo',
      name: null,
    });
    expect((await api.post('/roots', { uri: 'https://example.com/repo' })).status).toBe(409);
    const relative = await api.post('/roots', { uri: 'data/dir' });
    expect(relative.status).toBe(422);
    expect(relative.body.code).toBe('ROOT_INVALID');
    expect((await api.post('/roots', { name: 'no uri' })).status).toBe(422);
    expect((await api.delete(`/roots/${encodeURIComponent('https://example.com/repo')}`)).status).toBe(200);
  });

  it('answers 404 when removing an unknown root', async () => {
    const res = await api.delete('/roots/%2Fnowhere');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROOT_NOT_FOUND');
  });
});
