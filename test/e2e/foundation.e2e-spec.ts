import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basic,
  baseEnv,
  json,
  createTestDatabase,
  e2eDatabase,
  runCli,
  startGateway,
  type RunningGateway,
  type TestDatabase,
} from './support/gateway-process.js';

// One gateway for the file: health, version, docs, and every way in (or not) through the auth guard.
describe(`gateway foundation (${e2eDatabase()})`, () => {
  let db: TestDatabase;
  let gw: RunningGateway;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startGateway(baseEnv(db.url));
    const made = await runCli(['token', '--username', 'admin', '--exp', '10', '--secret', 'e2e-jwt-secret']);
    expect(made.code).toBe(0);
    token = made.stdout.trim();
  });

  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  const get = (path: string, authorization?: string) =>
    fetch(`${gw.url}${path}`, { headers: authorization ? { authorization } : {} });

  it('answers /health without credentials, with database reachability', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe('healthy');
    expect(body.database).toMatchObject({ dialect: e2eDatabase(), reachable: true });
  });

  it('answers /ready without credentials', async () => {
    const res = await get('/ready');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'ready', cache: { backend: 'memory', reachable: true } });
  });

  it('refuses /version without credentials, with a JSON error', async () => {
    const res = await get('/version');
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body).toMatchObject({ statusCode: 401, code: 'AUTH_REQUIRED' });
    expect(body.detail).toMatch(/Authentication required/);
    expect(body.correlationId).toBe(res.headers.get('x-correlation-id'));
  });

  it('serves /version to a token made by the CLI', async () => {
    const res = await get('/version', `Bearer ${token}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.app.name).toBe('MCP Gateway');
    expect(body.app.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.app.mcpProtocolVersions).toContain('2025-06-18');
    expect(body.platform.node).toBe(process.version);
    expect(body.database).toMatchObject({ dialect: e2eDatabase(), reachable: true });
    expect(body.cache).toMatchObject({ backend: 'memory', reachable: true });
    expect(body.features).toMatchObject({ authRequired: true, transports: ['http', 'sse', 'ws', 'stdio'] });
    expect(typeof body.uptimeSeconds).toBe('number');
  });

  it('serves /version to Basic credentials', async () => {
    expect((await get('/version', basic('admin', 'e2e-basic-password'))).status).toBe(200);
  });

  it.each([
    ['a wrong Basic password', () => basic('admin', 'nope'), 'AUTH_INVALID_CREDENTIALS'],
    ['a wrong Basic user', () => basic('root', 'e2e-basic-password'), 'AUTH_INVALID_CREDENTIALS'],
    ['Basic without a colon', () => `Basic ${Buffer.from('admin').toString('base64')}`, 'AUTH_MALFORMED'],
    ['an empty Bearer', () => 'Bearer ', 'AUTH_MALFORMED'],
    ['an unknown scheme', () => 'Digest abc', 'AUTH_MALFORMED'],
    ['garbage as a token', () => 'Bearer not.a.jwt', 'AUTH_TOKEN_INVALID'],
    [
      'a token signed with another key',
      () => `Bearer ${hs256({ sub: 'admin' }, 'other-key')}`,
      'AUTH_TOKEN_INVALID',
    ],
    ['a token with alg none', () => `Bearer ${unsigned({ sub: 'admin' })}`, 'AUTH_TOKEN_INVALID'],
    [
      'an expired token',
      () => `Bearer ${hs256({ sub: 'admin', exp: Math.floor(Date.now() / 1000) - 60 }, 'e2e-jwt-secret')}`,
      'AUTH_TOKEN_EXPIRED',
    ],
    [
      'a token without a subject',
      () => `Bearer ${hs256({ role: 'x' }, 'e2e-jwt-secret')}`,
      'AUTH_TOKEN_INVALID',
    ],
  ])('refuses %s with 401 and a message', async (_what, header, code) => {
    const res = await get('/version', header());
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body.code).toBe(code);
    expect(body.detail.length).toBeGreaterThan(10);
  });

  it('accepts a token that never expires (--exp 0)', async () => {
    const made = await runCli(['token', '-u', 'ci', '-e', '0', '-s', 'e2e-jwt-secret']);
    const payload = JSON.parse(Buffer.from(made.stdout.trim().split('.')[1], 'base64url').toString());
    expect(payload.exp).toBeUndefined();
    expect((await get('/version', `Bearer ${made.stdout.trim()}`)).status).toBe(200);
  });

  it('takes the signing key from JWT_SECRET_KEY when --secret is not given', async () => {
    const made = await runCli(['token', '-u', 'admin'], { JWT_SECRET_KEY: 'e2e-jwt-secret' });
    expect((await get('/version', `Bearer ${made.stdout.trim()}`)).status).toBe(200);
  });

  it('guards the API description and shows it to authenticated users', async () => {
    const refused = await get('/docs');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const docs = await get('/docs', basic('admin', 'e2e-basic-password'));
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger-ui/i);
    const spec = await json(await get('/openapi.json', `Bearer ${token}`));
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/version']));
    expect(spec.paths['/version'].get.operationId).toBe('getVersion');
    const redoc = await get('/redoc', `Bearer ${token}`);
    expect(await redoc.text()).toContain('spec-url="/openapi.json"');
    const bundle = await get('/redoc/redoc.standalone.js', `Bearer ${token}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await get('/no/such/route', `Bearer ${token}`);
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('sends security headers', async () => {
    const res = await get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps a sane caller correlation id and replaces an unsafe one', async () => {
    const kept = await fetch(`${gw.url}/health`, { headers: { 'x-correlation-id': 'abc-123' } });
    expect(kept.headers.get('x-correlation-id')).toBe('abc-123');
    const replaced = await fetch(`${gw.url}/health`, { headers: { 'x-correlation-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a malformed JSON body with 400 and an oversized one with 413, both as JSON', async () => {
    const malformed = await fetch(`${gw.url}/version`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toMatchObject({ code: 'MALFORMED_JSON' });
    const big = await fetch(`${gw.url}/version`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(17 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(await json(big)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', statusCode: 413 });
  });

  it('allows CORS for listed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${gw.url}/version`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    expect((await preflight('http://localhost:4444')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:4444',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function hs256(payload: object, key: string): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

function unsigned(payload: object): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}
