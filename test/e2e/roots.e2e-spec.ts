import { describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-fixture.js';
import { basic, e2eDatabase } from './support/gateway-process.js';
import { readSseEvents } from './support/sse.js';

describe(`roots registry (${e2eDatabase()})`, () => {
  const fx = useGateway();
  const auth = basic('admin', 'e2e-basic-password');

  it('runs the reference README roots walkthrough, with change events', async () => {
    const changes = readSseEvents(`${fx.gw.url}/roots/changes`, { authorization: auth });
    await changes.opened;

    expect((await fx.api.get('/roots')).body).toEqual([]);
    const added = await fx.api.post('/roots', { uri: '/data', name: 'Data Root' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ uri: 'file:///data', name: 'Data Root' });
    expect((await fx.api.get('/roots')).body).toEqual([{ uri: 'file:///data', name: 'Data Root' }]);

    const removed = await fx.api.delete('/roots/%2Fdata');
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ status: 'success' });
    expect((await fx.api.get('/roots')).body).toEqual([]);

    const events = await changes.next(2);
    changes.close();
    expect(events.map((e) => e.event)).toEqual(['root_added', 'root_removed']);
    expect(JSON.parse(events[0].data)).toMatchObject({ type: 'root_added', data: { uri: 'file:///data' } });
  });

  it('keeps URIs with a scheme as they are, and refuses duplicates and relative paths', async () => {
    expect((await fx.api.post('/roots', { uri: 'https://example.com/repo' })).body).toEqual({
      uri: 'https://example.com/repo',
      name: null,
    });
    expect((await fx.api.post('/roots', { uri: 'https://example.com/repo' })).status).toBe(409);
    const relative = await fx.api.post('/roots', { uri: 'data/dir' });
    expect(relative.status).toBe(422);
    expect(relative.body.code).toBe('ROOT_INVALID');
    expect((await fx.api.post('/roots', { name: 'no uri' })).status).toBe(422);
    expect((await fx.api.delete(`/roots/${encodeURIComponent('https://example.com/repo')}`)).status).toBe(
      200,
    );
  });

  it('answers 404 when removing an unknown root', async () => {
    const res = await fx.api.delete('/roots/%2Fnowhere');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROOT_NOT_FOUND');
  });
});
