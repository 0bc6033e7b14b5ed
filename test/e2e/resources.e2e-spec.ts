import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import {
  basic,
  baseEnv,
  createTestDatabase,
  e2eDatabase,
  startGateway,
  type Json,
  type RunningGateway,
  type TestDatabase,
} from './support/gateway-process.js';

const AUTH = basic('admin', 'e2e-basic-password');
const MAX_RESOURCE_SIZE = 2048;
/** A 1×1 PNG. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

interface SseEvent {
  event?: string;
  data: string;
}

/** An open `text/event-stream` response, read frame by frame. */
class SseReader {
  readonly events: SseEvent[] = [];
  readonly retry: number[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';

  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    if (!response.body) throw new Error('no body');
    this.reader = response.body.getReader();
  }

  static async open(url: string): Promise<SseReader> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { authorization: AUTH }, signal: abort.signal });
    return new SseReader(response, abort);
  }

  /** Reads until an event satisfies `match`, failing after `timeoutMs`. */
  async next(match: (event: SseEvent) => boolean, timeoutMs = 5_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(this.events)}`);
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left))),
      ]);
      clearTimeout(timer);
      if (chunk === 'timeout') continue;
      if (chunk.done) throw new Error(`stream ended; got ${JSON.stringify(this.events)}`);
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
      this.parse();
    }
  }

  close(): void {
    this.abort.abort();
  }

  private parse(): void {
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: SseEvent = { data: '' };
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('retry: ')) this.retry.push(Number(line.slice(7)));
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) this.events.push({ ...event, data: data.join('\n') });
    }
  }
}

describe(`resources registry (${e2eDatabase()})`, () => {
  let db: TestDatabase;
  let gw: RunningGateway;
  let api: ApiClient;

  /** Every resource, active or not: "nothing written" checks compare this before and after. */
  const allUris = async (): Promise<string[]> =>
    (await api.get('/resources?include_inactive=true')).body.map((r: { uri: string }) => r.uri);

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startGateway({
      ...baseEnv(db.url),
      MAX_RESOURCE_SIZE: String(MAX_RESOURCE_SIZE),
      SSE_RETRY_TIMEOUT: '1234',
    });
    api = new ApiClient(gw.url, AUTH);
  });
  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  it('runs the reference README resource walkthrough', async () => {
    const created = await api.post('/resources', {
      uri: 'config://app/settings',
      name: 'App Settings',
      content: 'key=value',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      uri: 'config://app/settings',
      name: 'App Settings',
      description: null,
      mimeType: 'text/plain',
      template: null,
      size: 9,
      isActive: true,
      gatewayId: null,
    });
    expect(created.body.id).toEqual(expect.any(Number));
    expect(created.body).not.toHaveProperty('content');
    expect(created.body).not.toHaveProperty('text');

    const listed = await api.get('/resources');
    expect(listed.status).toBe(200);
    const entry = listed.body.find((r: { uri: string }) => r.uri === 'config://app/settings');
    expect(entry).toEqual(created.body);

    const read = await api.get('/resources/config://app/settings');
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      type: 'resource',
      uri: 'config://app/settings',
      mimeType: 'text/plain',
      text: 'key=value',
    });

    const updated = await api.put('/resources/config://app/settings', { content: 'new=value' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ uri: 'config://app/settings', name: 'App Settings', size: 9 });

    // The first read filled the cache; the update must have dropped it.
    expect((await api.get('/resources/config://app/settings')).body.text).toBe('new=value');

    const deleted = await api.delete('/resources/config://app/settings');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ status: 'success', message: 'Resource config://app/settings deleted' });

    const gone = await api.get('/resources/config://app/settings');
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'RESOURCE_NOT_FOUND', statusCode: 404 });
    expect(await allUris()).not.toContain('config://app/settings');
  });

  it('round-trips a binary blob and detects image/png', async () => {
    const created = await api.post('/resources', {
      uri: 'file:///images/pixel',
      name: 'pixel',
      blob: PNG_BASE64,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      mimeType: 'image/png',
      size: Buffer.from(PNG_BASE64, 'base64').length,
    });
    const read = await api.get('/resources/file:///images/pixel');
    expect(read.body).toEqual({
      type: 'resource',
      uri: 'file:///images/pixel',
      mimeType: 'image/png',
      blob: PNG_BASE64,
    });
  });

  it('replaces text with a blob on update (the old text is gone)', async () => {
    await api.post('/resources', { uri: 'config://switch', name: 'switch', content: 'plain text' });
    const updated = await api.put('/resources/config://switch', { blob: PNG_BASE64 });
    expect(updated.status).toBe(200);
    expect(updated.body.mimeType).toBe('image/png');
    const read = await api.get('/resources/config://switch');
    expect(read.body).toEqual({
      type: 'resource',
      uri: 'config://switch',
      mimeType: 'image/png',
      blob: PNG_BASE64,
    });
  });

  it('accepts the snake_case aliases and detects the type from the extension', async () => {
    const template = await api.post('/resources', {
      uri: 'logs://app',
      name: 'logs',
      uri_template: 'logs://app/{date}',
      mime_type: 'text/plain',
    });
    expect(template.status).toBe(201);
    expect(template.body).toMatchObject({ template: 'logs://app/{date}', mimeType: 'text/plain', size: 0 });
    const noContent = await api.get('/resources/logs://app');
    expect(noContent.status).toBe(404);
    expect(noContent.body.code).toBe('RESOURCE_NO_CONTENT');
    const retemplated = await api.put('/resources/logs://app', {
      uri_template: 'logs://app/{date}/{level}',
      mime_type: 'text/markdown',
    });
    expect(retemplated.body).toMatchObject({
      template: 'logs://app/{date}/{level}',
      mimeType: 'text/markdown',
    });

    const json = await api.post('/resources', {
      uri: 'file:///data/report.json',
      name: 'r',
      content: 'not json',
    });
    expect(json.body.mimeType).toBe('application/json');
  });

  it('refuses content over MAX_RESOURCE_SIZE with 413 and writes nothing', async () => {
    const before = await allUris();
    const text = await api.post('/resources', {
      uri: 'config://too/big',
      name: 'big',
      content: 'x'.repeat(MAX_RESOURCE_SIZE + 1),
    });
    expect(text.status).toBe(413);
    expect(text.body.code).toBe('RESOURCE_TOO_LARGE');
    expect(text.body.detail).toContain(String(MAX_RESOURCE_SIZE));
    const blob = await api.post('/resources', {
      uri: 'config://too/big',
      name: 'big',
      blob: Buffer.alloc(MAX_RESOURCE_SIZE + 1).toString('base64'),
    });
    expect(blob.status).toBe(413);
    expect(await allUris()).toEqual(before);
    expect((await api.get('/resources/config://too/big')).status).toBe(404);
  });

  it('refuses a MIME type not allowed with 422 naming the type and the allowed list', async () => {
    const before = await allUris();
    const declared = await api.post('/resources', {
      uri: 'config://script',
      name: 'script',
      content: 'echo hi',
      mimeType: 'application/x-sh',
    });
    expect(declared.status).toBe(422);
    expect(declared.body.code).toBe('RESOURCE_MIME_NOT_ALLOWED');
    expect(declared.body.detail).toContain('application/x-sh');
    expect(declared.body.detail).toContain('text/plain, text/markdown');
    const detected = await api.post('/resources', {
      uri: 'config://doc',
      name: 'doc',
      blob: Buffer.from('%PDF-1.7 ...').toString('base64'),
    });
    expect(detected.status).toBe(422);
    expect(detected.body.detail).toContain('application/pdf');
    expect(await allUris()).toEqual(before);
  });

  it('refuses a duplicate URI with 409', async () => {
    expect((await api.post('/resources', { uri: 'config://dup', name: 'a', content: 'a' })).status).toBe(201);
    const again = await api.post('/resources', { uri: 'config://dup', name: 'b', content: 'b' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RESOURCE_URI_CONFLICT');
    expect(again.body.detail).toContain('config://dup');
    expect((await api.get('/resources/config://dup')).body.text).toBe('a');
  });

  it.each([
    ['content and blob together', { uri: 'config://both', name: 'x', content: 'a', blob: 'AAAA' }],
    ['a blob that is not base64', { uri: 'config://b64', name: 'x', blob: 'not base64!' }],
    ['a URI without scheme', { uri: 'app/settings', name: 'x', content: 'a' }],
    ['a URI with a space', { uri: 'config://a b', name: 'x', content: 'a' }],
    ['a URI longer than 767 characters', { uri: `config://${'a'.repeat(760)}`, name: 'x', content: 'a' }],
    ['a missing name', { uri: 'config://noname', content: 'a' }],
    ['neither content nor template', { uri: 'config://empty', name: 'x' }],
    ['a malformed template', { uri: 'config://tpl', name: 'x', template: 'config://{oops' }],
  ])('answers %s with 422 and writes nothing', async (_what, body) => {
    const before = await allUris();
    const res = await api.post('/resources', body);
    expect(res.status).toBe(422);
    expect(typeof res.body.detail).toBe('string');
    expect(await allUris()).toEqual(before);
  });

  it('hides a deactivated resource from the list and from reads', async () => {
    const { body } = await api.post('/resources', { uri: 'config://toggle', name: 't', content: 'on' });
    expect((await api.get('/resources/config://toggle')).status).toBe(200); // cached now

    const off = await api.post(`/resources/${body.id}/toggle?activate=false`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({
      status: 'success',
      message: 'Resource config://toggle deactivated',
      resource: { id: body.id, isActive: false },
    });
    expect((await api.get('/resources')).body.map((r: { uri: string }) => r.uri)).not.toContain(
      'config://toggle',
    );
    const all = (await api.get('/resources?include_inactive=true')).body;
    expect(all.find((r: { uri: string }) => r.uri === 'config://toggle').isActive).toBe(false);
    const hidden = await api.get('/resources/config://toggle');
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('RESOURCE_NOT_FOUND');

    const on = await api.post(`/resources/${body.id}/toggle?activate=true`);
    expect(on.body.resource.isActive).toBe(true);
    expect((await api.get('/resources/config://toggle')).body.text).toBe('on');

    expect((await api.post('/resources/999999/toggle?activate=false')).status).toBe(404);
    expect((await api.post('/resources/abc/toggle?activate=false')).status).toBe(422);
  });

  it('streams the changes of one resource to a subscriber', async () => {
    await api.post('/resources', { uri: 'config://watched', name: 'w', content: 'v1' });
    await api.post('/resources', { uri: 'config://unwatched', name: 'u', content: 'x' });
    const sse = await SseReader.open(`${gw.url}/resources/subscribe/config://watched`);
    try {
      expect(sse.response.status).toBe(200);
      expect(sse.response.headers.get('content-type')).toMatch(/^text\/event-stream/);

      await api.put('/resources/config://unwatched', { content: 'y' });
      await api.put('/resources/config://watched', { content: 'v2', description: 'second' });
      const event = await sse.next((e) => e.event === 'resource_updated');
      const payload: Json = JSON.parse(event.data);
      expect(payload).toMatchObject({
        type: 'resource_updated',
        entity: 'resource',
        action: 'updated',
        data: { uri: 'config://watched', description: 'second', size: 2 },
      });
      expect(sse.retry).toEqual([1234]);

      const id = payload.data.id as number;
      await api.post(`/resources/${id}/toggle?activate=false`);
      await sse.next((e) => e.event === 'resource_deactivated');
      await api.delete('/resources/config://watched');
      const removed = await sse.next((e) => e.event === 'resource_removed');
      expect(JSON.parse(removed.data).data.uri).toBe('config://watched');
      expect(sse.events.map((e) => JSON.parse(e.data).data.uri)).not.toContain('config://unwatched');
    } finally {
      sse.close();
    }
  });

  it('answers 404 JSON when subscribing to an unknown resource', async () => {
    const res = await api.get('/resources/subscribe/config://nobody');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('reads, updates and deletes by a percent-encoded URI', async () => {
    await api.post('/resources', { uri: 'config://enc/settings', name: 'e', content: 'a=1' });
    const encoded = encodeURIComponent('config://enc/settings');
    expect(encoded).toBe('config%3A%2F%2Fenc%2Fsettings');
    expect((await api.get(`/resources/${encoded}`)).body).toMatchObject({
      uri: 'config://enc/settings',
      text: 'a=1',
    });
    expect((await api.put(`/resources/${encoded}`, { content: 'a=2' })).status).toBe(200);
    expect((await api.get('/resources/config://enc/settings')).body.text).toBe('a=2');

    await api.post('/resources', { uri: 'https://x.test/data?page=1', name: 'q', content: 'page one' });
    const withQuery = await api.get(`/resources/${encodeURIComponent('https://x.test/data?page=1')}`);
    expect(withQuery.body.text).toBe('page one');

    expect((await api.delete(`/resources/${encoded}`)).status).toBe(200);
    expect((await api.get('/resources/config://enc/settings')).status).toBe(404);
  });

  it('counts reads in the resource metrics', async () => {
    const { body } = await api.post('/resources', { uri: 'config://counted', name: 'c', content: 'c' });
    await api.get('/resources/config://counted');
    await api.get('/resources/config://counted');
    const metrics = await api.get('/metrics');
    const top = metrics.body.topResources.find((r: { id: string }) => r.id === String(body.id));
    expect(top).toMatchObject({ totalExecutions: 2, successfulExecutions: 2 });
  });

  it('describes every route in the OpenAPI document under its operation id', async () => {
    const doc = (await api.get('/openapi.json')).body;
    const ops = (path: string): string[] =>
      Object.values(doc.paths[path] ?? {}).map((op) => (op as { operationId: string }).operationId);
    expect(ops('/resources')).toEqual(expect.arrayContaining(['createResource', 'listResources']));
    expect(ops('/resources/{uri}')).toEqual(
      expect.arrayContaining(['readResource', 'updateResource', 'deleteResource']),
    );
    expect(ops('/resources/subscribe/{uri}')).toEqual(['subscribeResource']);
    expect(ops('/resources/{id}/toggle')).toEqual(['toggleResource']);
  });

  it('answers 401 without credentials', async () => {
    await api.post('/resources', { uri: 'config://guarded', name: 'g', content: 'secret' });
    for (const [method, path] of [
      ['GET', '/resources'],
      ['POST', '/resources'],
      ['GET', '/resources/config://guarded'],
      ['PUT', '/resources/config://guarded'],
      ['DELETE', '/resources/config://guarded'],
      ['GET', '/resources/subscribe/config://guarded'],
    ]) {
      const res = await fetch(`${gw.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
      await res.body?.cancel();
    }
    expect((await api.get('/resources/config://guarded')).body.text).toBe('secret');
  });
});

describe(`resources under APP_ROOT_PATH (${e2eDatabase()})`, () => {
  let db: TestDatabase;
  let gw: RunningGateway;
  let api: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startGateway({ ...baseEnv(db.url), APP_ROOT_PATH: '/gw' });
    api = new ApiClient(`${gw.url}/gw`, AUTH);
  });
  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  it('finds the URI after the prefix, raw or percent-encoded, and subscribes', async () => {
    expect(
      (await api.post('/resources', { uri: 'config://rooted', name: 'r', content: 'here' })).status,
    ).toBe(201);
    expect((await api.get('/resources/config://rooted')).body.text).toBe('here');
    expect((await api.get(`/resources/${encodeURIComponent('config://rooted')}`)).body.text).toBe('here');

    const sse = await SseReader.open(`${gw.url}/gw/resources/subscribe/config://rooted`);
    try {
      expect(sse.response.status).toBe(200);
      await api.put('/resources/config://rooted', { content: 'there' });
      const event = await sse.next((e) => e.event === 'resource_updated');
      expect(JSON.parse(event.data).data.uri).toBe('config://rooted');
    } finally {
      sse.close();
    }
  });
});
