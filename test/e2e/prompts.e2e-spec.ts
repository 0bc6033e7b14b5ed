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
const GREET = {
  name: 'greet',
  template: 'Hello, {{ user }}!',
  argument_schema: { type: 'object', properties: { user: { type: 'string' } }, required: ['user'] },
};
/** 10⁸ loop iterations over small lists: seconds of CPU, little memory. */
const BUSY_LOOP = '{% for i in range(0, 10000) %}{% for j in range(0, 10000) %}{% endfor %}{% endfor %}';
/** A 1×1 PNG. */
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const text = (body: Json): string => body.messages[0].content.text as string;

describe(`prompts registry (${e2eDatabase()})`, () => {
  let db: TestDatabase;
  let gw: RunningGateway;
  let api: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startGateway(baseEnv(db.url));
    api = new ApiClient(gw.url, AUTH);
  });
  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  const promptCount = async (): Promise<number> =>
    (await api.get('/prompts?include_inactive=true')).body.length;

  it('runs the reference README prompt walkthrough', async () => {
    const created = await api.post('/prompts', GREET);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'greet',
      originalName: 'greet',
      template: 'Hello, {{ user }}!',
      argumentSchema: GREET.argument_schema,
      arguments: [{ name: 'user', required: true }],
      messages: null,
      version: 1,
      isActive: true,
      gatewayId: null,
    });
    const id = created.body.id as number;
    expect(Number.isInteger(id)).toBe(true);

    const listed = await api.get('/prompts');
    expect(listed.status).toBe(200);
    expect(listed.body.map((p: Json) => p.name)).toContain('greet');

    const rendered = await api.post('/prompts/greet', { user: 'Alice' });
    expect(rendered.status).toBe(200);
    expect(rendered.body).toEqual({
      messages: [{ role: 'user', content: { type: 'text', text: 'Hello, Alice!' } }],
    });

    const noArgs = await api.get('/prompts/greet');
    expect(noArgs.status).toBe(422);
    expect(noArgs.body).toMatchObject({
      code: 'PROMPT_ARGUMENTS_INVALID',
      detail: 'missing required argument(s): user',
    });

    const updated = await api.put('/prompts/greet', { template: 'Hi, {{ user }}!' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      template: 'Hi, {{ user }}!',
      version: 2,
      argumentSchema: GREET.argument_schema,
    });
    expect(text((await api.post('/prompts/greet', { user: 'Alice' })).body)).toBe('Hi, Alice!');

    const off = await api.post(`/prompts/${id}/toggle?activate=false`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({
      status: 'success',
      message: 'Prompt greet deactivated',
      prompt: { id, isActive: false },
    });
    expect((await api.get('/prompts')).body.map((p: Json) => p.name)).not.toContain('greet');
    expect(
      (await api.get('/prompts?include_inactive=true')).body.find((p: Json) => p.id === id).isActive,
    ).toBe(false);
    expect((await api.post('/prompts/greet', { user: 'Alice' })).status).toBe(404);
    const on = await api.post(`/prompts/${id}/toggle?activate=true`);
    expect(on.body.prompt.isActive).toBe(true);
    expect((await api.post('/prompts/greet', { user: 'Alice' })).status).toBe(200);

    const deleted = await api.delete('/prompts/greet');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ status: 'success', message: 'Prompt greet deleted successfully' });
    const gone = await api.get('/prompts/greet');
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'PROMPT_NOT_FOUND', statusCode: 404 });
    expect((await api.get('/prompts/greet/versions')).status).toBe(404);
  });

  it('keeps every version, newest first, and rolls back as a new version', async () => {
    await api.post('/prompts', { ...GREET, name: 'versioned' });
    await api.put('/prompts/versioned', { template: 'Hi, {{ user }}!' });
    await api.put('/prompts/versioned', { template: 'Hey, {{ user }}!', description: 'casual' });

    const versions = await api.get('/prompts/versioned/versions');
    expect(versions.status).toBe(200);
    expect(versions.body).toHaveLength(3);
    expect(versions.body.map((v: Json) => [v.version, v.template, v.description, v.current])).toEqual([
      [3, 'Hey, {{ user }}!', 'casual', true],
      [2, 'Hi, {{ user }}!', null, false],
      [1, 'Hello, {{ user }}!', null, false],
    ]);
    expect(versions.body[2]).toMatchObject({ argumentSchema: GREET.argument_schema, messages: null });
    expect(typeof versions.body[0].createdAt).toBe('string');

    const rolledBack = await api.post('/prompts/versioned/rollback', { version: 1 });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ version: 4, template: 'Hello, {{ user }}!', description: null });
    expect(text((await api.post('/prompts/versioned', { user: 'Alice' })).body)).toBe('Hello, Alice!');
    expect((await api.get('/prompts/versioned/versions')).body.map((v: Json) => v.version)).toEqual([
      4, 3, 2, 1,
    ]);

    const unknown = await api.post('/prompts/versioned/rollback', { version: 99 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PROMPT_VERSION_NOT_FOUND');
    for (const body of [{}, { version: 'one' }, { version: 0 }, { version: 1.5 }]) {
      expect((await api.post('/prompts/versioned/rollback', body)).status).toBe(422);
    }
    expect((await api.get('/prompts/versioned/versions')).body).toHaveLength(4);
  });

  it('makes one version per update, also when updates race', async () => {
    await api.post('/prompts', { name: 'raced', template: 'v0' });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api.put('/prompts/raced', { template: `v${i + 1}` })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const versions = (await api.get('/prompts/raced/versions')).body;
    expect(versions.map((v: Json) => v.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(new Set(versions.map((v: Json) => v.template)).size).toBe(7);
  });

  it('accepts the MCP arguments form and camelCase fields', async () => {
    const res = await api.post('/prompts', {
      name: 'mcp.style-prompt_1',
      description: 'Summarises a topic',
      template: 'Summarise {{ topic }} in {{ words | default(50) }} words.',
      arguments: [
        { name: 'topic', description: 'What to summarise', required: true },
        { name: 'words', description: 'Length' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.argumentSchema).toEqual({
      type: 'object',
      properties: {
        topic: { type: 'string', description: 'What to summarise' },
        words: { type: 'string', description: 'Length' },
      },
      required: ['topic'],
    });
    expect(res.body.arguments).toEqual([
      { name: 'topic', description: 'What to summarise', required: true },
      { name: 'words', description: 'Length', required: false },
    ]);
    const rendered = await api.post('/prompts/mcp.style-prompt_1', { topic: 'tides' });
    expect(rendered.body).toEqual({
      description: 'Summarises a topic',
      messages: [{ role: 'user', content: { type: 'text', text: 'Summarise tides in 50 words.' } }],
    });
    const wrongType = await api.post('/prompts/mcp.style-prompt_1', { topic: 42 });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.detail).toMatch(/\/topic: must be string/);
  });

  it('renders a multimodal prompt: text, image and embedded resource', async () => {
    const created = await api.post('/prompts', {
      name: 'describe_image',
      arguments: [{ name: 'focus', required: true }],
      messages: [
        { role: 'user', content: { type: 'text', text: 'Describe the {{ focus }} in this picture.' } },
        { role: 'user', content: { type: 'image', data: PIXEL, mimeType: 'image/png' } },
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: {
              uri: 'file:///guides/style.md',
              mimeType: 'text/markdown',
              text: 'Mention the {{ focus }} first.',
            },
          },
        },
        {
          role: 'assistant',
          content: {
            type: 'resource',
            resource: { uri: 'file:///raw.bin', mimeType: 'application/octet-stream', blob: 'AAEC' },
          },
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.template).toBe('');
    const rendered = await api.post('/prompts/describe_image', { focus: 'sky' });
    expect(rendered.status).toBe(200);
    expect(rendered.body.messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'Describe the sky in this picture.' } },
      { role: 'user', content: { type: 'image', data: PIXEL, mimeType: 'image/png' } },
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: 'file:///guides/style.md',
            mimeType: 'text/markdown',
            text: 'Mention the sky first.',
          },
        },
      },
      {
        role: 'assistant',
        content: {
          type: 'resource',
          resource: { uri: 'file:///raw.bin', mimeType: 'application/octet-stream', blob: 'AAEC' },
        },
      },
    ]);
  });

  it('refuses sandbox escapes with 422 and keeps serving', async () => {
    const literal = await api.post('/prompts', {
      name: 'escape_literal',
      template: '{{ "".constructor.constructor("return process.env")() }}',
    });
    expect(literal.status).toBe(422);
    expect(literal.body).toMatchObject({ code: 'PROMPT_TEMPLATE_INVALID' });
    expect(literal.body.detail).toContain('"constructor" cannot be accessed');
    expect((await api.get('/prompts/escape_literal')).status).toBe(404);

    // Computed keys pass registration; the sandbox refuses them when the template runs.
    await api.post('/prompts', {
      name: 'escape_computed',
      template: '{{ s[k][k]("return process.env")() }}',
    });
    const computed = await api.post('/prompts/escape_computed', { s: '', k: 'constructor' });
    expect(computed.status).toBe(422);
    expect(computed.body.code).toBe('PROMPT_RENDER_FAILED');
    expect(JSON.stringify(computed.body)).not.toContain('e2e-jwt-secret');

    await api.post('/prompts', { name: 'escape_proto', template: '{{ o[p].toString }}{{ o[p] }}' });
    const proto = await api.post('/prompts/escape_proto', { o: {}, p: '__proto__' });
    expect(proto.status).toBe(422);
    expect(proto.body.detail).toContain('"__proto__" cannot be accessed');

    await api.post('/prompts', { name: 'escape_names', template: '[{{ constructor }}][{{ valueOf }}]' });
    expect(text((await api.get('/prompts/escape_names')).body)).toBe('[][]');

    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    await api.post('/prompts', GREET);
    expect(text((await api.post('/prompts/greet', { user: 'Bob' })).body)).toBe('Hello, Bob!');
  });

  it('renders with deeply nested arguments', async () => {
    let nested: unknown = 'bottom';
    for (let i = 0; i < 2000; i++) nested = { a: nested };
    await api.post('/prompts', { name: 'deep', template: '{{ top.a.a }}|{{ user }}' });
    const res = await api.post('/prompts/deep', { top: nested, user: 'x' });
    expect(res.status).toBe(200);
    expect(text(res.body)).toBe('[object Object]|x');
  });

  it('refuses a template over MAX_PROMPT_SIZE with 413 and writes nothing', async () => {
    const before = await promptCount();
    const big = await api.post('/prompts', { name: 'too_big', template: 'x'.repeat(102_401) });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'PROMPT_TOO_LARGE', statusCode: 413 });
    expect(big.body.detail).toContain('102401 bytes');
    const bigMessage = await api.post('/prompts', {
      name: 'too_big_message',
      messages: [{ role: 'user', content: { type: 'text', text: 'é'.repeat(51_201) } }],
    });
    expect(bigMessage.status).toBe(413);
    expect(await promptCount()).toBe(before);

    expect((await api.post('/prompts', { name: 'just_fits', template: 'x'.repeat(102_400) })).status).toBe(
      201,
    );
    const grow = await api.put('/prompts/just_fits', { template: 'y'.repeat(102_401) });
    expect(grow.status).toBe(413);
    expect((await api.get('/prompts/just_fits/versions')).body).toHaveLength(1);
  });

  it('refuses a duplicate name with 409', async () => {
    expect((await api.post('/prompts', { name: 'dup_prompt', template: 'a' })).status).toBe(201);
    const again = await api.post('/prompts', { name: 'dup_prompt', template: 'b' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PROMPT_NAME_CONFLICT');
    expect(again.body.detail).toContain('dup_prompt');
    await api.post('/prompts', { name: 'dup_other', template: 'c' });
    expect((await api.put('/prompts/dup_other', { name: 'dup_prompt' })).status).toBe(409);
    expect((await api.get('/prompts/dup_other/versions')).body).toHaveLength(1);
  });

  it.each([
    ['a name with spaces', { name: 'bad name', template: 'x' }],
    ['a missing name', { template: 'x' }],
    ['neither template nor messages', { name: 'empty' }],
    ['a template that does not compile', { name: 'broken', template: 'Hi {% if x %}' }],
    ['an unknown filter', { name: 'unknown_filter', template: '{{ x | shout }}' }],
    ['both argument_schema and arguments', { ...GREET, name: 'both', arguments: [{ name: 'user' }] }],
    [
      'an argument schema that is not a schema',
      { name: 's1', template: 'x', argument_schema: { type: 'banana' } },
    ],
    ['an argument schema for a string', { name: 's2', template: 'x', argument_schema: { type: 'string' } }],
    [
      'an unknown message role',
      { name: 'm1', messages: [{ role: 'system', content: { type: 'text', text: 'x' } }] },
    ],
    [
      'an unknown content type',
      { name: 'm2', messages: [{ role: 'user', content: { type: 'video', text: 'x' } }] },
    ],
    [
      'image data that is not base64',
      {
        name: 'm3',
        messages: [{ role: 'user', content: { type: 'image', data: '%%', mimeType: 'image/png' } }],
      },
    ],
    [
      'a resource without uri',
      { name: 'm4', messages: [{ role: 'user', content: { type: 'resource', resource: { text: 'x' } } }] },
    ],
    ['messages that are not a list', { name: 'm5', messages: 'hello' }],
    ['an array body', [1, 2]],
  ])('answers %s with 422 and writes nothing', async (_what, body) => {
    const before = await promptCount();
    const res = await api.post('/prompts', body);
    expect(res.status).toBe(422);
    expect(typeof res.body.detail).toBe('string');
    expect(await promptCount()).toBe(before);
  });

  it('names the parser’s reason when a template does not compile', async () => {
    const res = await api.post('/prompts', { name: 'broken2', template: 'Hi {% if x %}' });
    expect(res.body).toMatchObject({ code: 'PROMPT_TEMPLATE_INVALID' });
    expect(res.body.detail).toContain('expected elif, else, or endif');
  });

  it('answers 404 for unknown prompts on every route', async () => {
    for (const res of [
      await api.get('/prompts/nope'),
      await api.post('/prompts/nope', {}),
      await api.put('/prompts/nope', { description: 'x' }),
      await api.delete('/prompts/nope'),
      await api.get('/prompts/nope/versions'),
      await api.post('/prompts/nope/rollback', { version: 1 }),
      await api.post('/prompts/999999/toggle?activate=false'),
      await api.post('/prompts/99999999999/toggle?activate=false'),
      await api.post('/prompts/nope/toggle?activate=false'),
    ]) {
      expect(res.status).toBe(404);
    }
  });

  it('counts renders in the prompt metrics', async () => {
    await api.post('/metrics/reset?entity=prompt');
    await api.post('/prompts/greet', { user: 'Carol' });
    await api.get('/prompts/greet');
    const metrics = await api.get('/metrics');
    expect(metrics.body.prompts).toMatchObject({
      totalExecutions: 2,
      successfulExecutions: 1,
      failedExecutions: 1,
    });
  });

  it('answers 401 without credentials', async () => {
    const anonymous = new ApiClient(gw.url, '');
    expect((await anonymous.get('/prompts')).status).toBe(401);
    expect((await anonymous.post('/prompts', { name: 'sneaky', template: 'x' })).status).toBe(401);
    expect((await anonymous.post('/prompts/greet', { user: 'x' })).status).toBe(401);
    expect((await new ApiClient(gw.url, basic('admin', 'wrong')).get('/prompts')).status).toBe(401);
  });
});

describe(`prompt render limits (${e2eDatabase()})`, () => {
  let db: TestDatabase;
  let gw: RunningGateway;
  let api: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startGateway({ ...baseEnv(db.url), PROMPT_RENDER_TIMEOUT: '1' });
    api = new ApiClient(gw.url, AUTH);
    await api.post('/prompts', GREET);
  });
  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  it('stops a render that runs past PROMPT_RENDER_TIMEOUT with 422, then renders again', async () => {
    expect((await api.post('/prompts', { name: 'busy', template: BUSY_LOOP })).status).toBe(201);
    const started = Date.now();
    const res = await api.get('/prompts/busy');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'PROMPT_RENDER_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text((await api.post('/prompts/greet', { user: 'Alice' })).body)).toBe('Hello, Alice!');
  });

  it('survives a template that builds a huge list, and keeps serving', async () => {
    await api.post('/prompts', { name: 'huge', template: '{% for i in range(0, 100000000) %}x{% endfor %}' });
    const started = Date.now();
    const res = await api.get('/prompts/huge');
    expect(res.status).toBe(422);
    expect(['PROMPT_RENDER_TIMEOUT', 'PROMPT_RENDER_FAILED', 'PROMPT_OUTPUT_TOO_LARGE']).toContain(
      res.body.code,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    expect(text((await api.post('/prompts/greet', { user: 'Dan' })).body)).toBe('Hello, Dan!');
  });

  it('refuses a render whose output is larger than 10 × MAX_PROMPT_SIZE', async () => {
    await api.post('/prompts', { name: 'wide', template: '{% for i in range(0, 200) %}{{ s }}{% endfor %}' });
    const res = await api.post('/prompts/wide', { s: 'x'.repeat(10_000) });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'PROMPT_OUTPUT_TOO_LARGE' });
  });
});
