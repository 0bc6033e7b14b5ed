import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import {
  basic,
  baseEnv,
  createTestDatabase,
  e2eDatabase,
  startGateway,
  type TestDatabase,
} from './support/gateway-process.js';
import { readSseEvents } from './support/sse.js';

const auth = basic('admin', 'e2e-basic-password');

describe(`/events (${e2eDatabase()})`, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('streams every registry change in order, and needs credentials', async () => {
    const gw = await startGateway(baseEnv(db.url));
    try {
      expect((await fetch(`${gw.url}/events`)).status).toBe(401);
      const api = new ApiClient(gw.url, auth);
      const events = readSseEvents(`${gw.url}/events`, { authorization: auth });
      const opened = await events.opened;
      expect(opened.headers.get('content-type')).toMatch(/^text\/event-stream/);

      const tool = (await api.post('/tools', { name: 'evt_tool', url: 'http://localhost:1/x' })).body;
      await api.put(`/tools/${tool.id}`, { description: 'changed' });
      await api.post(`/tools/${tool.id}/toggle?activate=false`);
      await api.post(`/tools/${tool.id}/toggle?activate=true`);
      await api.delete(`/tools/${tool.id}`);

      const received = await events.next(5);
      events.close();
      expect(received.map((e) => e.event)).toEqual([
        'tool_added',
        'tool_updated',
        'tool_deactivated',
        'tool_activated',
        'tool_removed',
      ]);
      const first = JSON.parse(received[0].data);
      expect(first).toMatchObject({
        type: 'tool_added',
        entity: 'tool',
        action: 'created',
        data: { id: tool.id, name: 'evt_tool' },
      });
      expect(JSON.stringify(first)).not.toContain('authValue');
    } finally {
      await gw.stop();
    }
  });

  it('carries changes made on one replica to the /events stream of another (Redis pub/sub)', async () => {
    // Two replicas sharing the database and a Redis; each with its own cache prefix namespace per test run.
    const prefix = `e2e${Math.random().toString(36).slice(2, 8)}:`;
    const env = {
      ...baseEnv(db.url),
      CACHE_TYPE: 'redis',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      CACHE_PREFIX: prefix,
    };
    const [a, b] = [await startGateway(env), await startGateway(env)];
    try {
      const onB = readSseEvents(`${b.url}/events`, { authorization: auth });
      await onB.opened;
      const created = await new ApiClient(a.url, auth).post('/tools', {
        name: 'replicated_tool',
        url: 'http://localhost:1/x',
      });
      expect(created.status).toBe(201);
      const [event] = await onB.next(1);
      onB.close();
      expect(event.event).toBe('tool_added');
      expect(JSON.parse(event.data).data.name).toBe('replicated_tool');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
