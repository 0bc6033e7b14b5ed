import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basic,
  baseEnv,
  createTestDatabase,
  e2eDatabase,
  json,
  runCli,
  runGatewayToExit,
  startGateway,
  type TestDatabase,
} from './support/gateway-process.js';

const EXPECTED_TABLES = [
  'tools',
  'resources',
  'prompts',
  'prompt_versions',
  'roots',
  'servers',
  'server_tools',
  'gateways',
  'entity_metrics',
];

async function tablesAndMigrations(db: TestDatabase): Promise<{ tables: string[]; migrations: number }> {
  if (db.kind === 'sqlite') {
    const file = new Database(db.url.slice('sqlite:///'.length), { readonly: true });
    try {
      const tables = (
        file.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map((r) => r.name);
      const { n } = file.prepare('SELECT COUNT(*) AS n FROM migrations').get() as { n: number };
      return { tables, migrations: n };
    } finally {
      file.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const tables = (
      await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ).rows.map((r) => r.tablename);
    const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM migrations');
    return { tables, migrations: Number(rows[0].n) };
  } finally {
    await client.end();
  }
}

describe(`start-up (${e2eDatabase()})`, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('migrates an empty database, and starts again on the migrated one without changing it', async () => {
    const first = await startGateway(baseEnv(db.url));
    await first.stop();
    const afterFirst = await tablesAndMigrations(db);
    expect(afterFirst.tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    expect(afterFirst.migrations).toBeGreaterThan(0);

    const second = await startGateway(baseEnv(db.url));
    const health = await json(await fetch(`${second.url}/health`));
    await second.stop();
    expect(health.status).toBe('healthy');
    expect(await tablesAndMigrations(db)).toEqual(afterFirst);
  });

  it('lets two gateways migrate the same empty database at once', async () => {
    const fresh = await createTestDatabase();
    try {
      const [a, b] = await Promise.all([startGateway(baseEnv(fresh.url)), startGateway(baseEnv(fresh.url))]);
      await Promise.all([a.stop(), b.stop()]);
      expect((await tablesAndMigrations(fresh)).tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    } finally {
      await fresh.drop();
    }
  });

  it.each([
    ['PORT', 'abc'],
    ['ALLOWED_ORIGINS', 'not json'],
    ['LOG_LEVEL', 'LOUD'],
    ['CACHE_TYPE', 'memcached'],
  ])('refuses to start when %s=%s, naming the variable', async (name, value) => {
    const { code, output } = await runGatewayToExit({ ...baseEnv(db.url), [name]: value });
    expect(code).toBe(1);
    expect(output).toMatch(/^Invalid configuration:/);
    expect(output).toContain(`- ${name} `);
    expect(output.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(1);
  });

  it('refuses an asymmetric JWT_ALGORITHM without a PEM key in JWT_SECRET_KEY', async () => {
    const { code, output } = await runGatewayToExit({ ...baseEnv(db.url), JWT_ALGORITHM: 'RS256' });
    expect(code).toBe(1);
    expect(output).toContain('JWT_SECRET_KEY must be a PEM private key when JWT_ALGORITHM is RS256');
    expect(output).not.toContain('e2e-jwt-secret');
  });

  it('gives up on an unreachable database after DB_MAX_RETRIES attempts', async () => {
    const started = Date.now();
    const { code, output } = await runGatewayToExit({
      ...baseEnv('postgresql://postgres:db-secret-pw@127.0.0.1:1/nowhere'),
      DB_MAX_RETRIES: '3',
      DB_RETRY_INTERVAL_MS: '300',
    });
    expect(code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(output).toMatch(/ECONNREFUSED/);
    expect(output).not.toContain('db-secret-pw');
  });

  it('serves every route under APP_ROOT_PATH', async () => {
    const gw = await startGateway({ ...baseEnv(db.url), APP_ROOT_PATH: '/gateway' });
    try {
      expect((await fetch(`${gw.url}/gateway/health`)).status).toBe(200);
      expect((await fetch(`${gw.url}/health`)).status).toBe(404);
      const auth = basic('admin', 'e2e-basic-password');
      expect((await fetch(`${gw.url}/gateway/version`, { headers: { authorization: auth } })).status).toBe(
        200,
      );
      expect((await fetch(`${gw.url}/gateway/docs`, { headers: { authorization: auth } })).status).toBe(200);
      const redoc = await (
        await fetch(`${gw.url}/gateway/redoc`, { headers: { authorization: auth } })
      ).text();
      expect(redoc).toContain('spec-url="/gateway/openapi.json"');
    } finally {
      await gw.stop();
    }
  });

  it('opens every route with AUTH_REQUIRED=false, and turns CORS off with CORS_ENABLED=false', async () => {
    const gw = await startGateway({ ...baseEnv(db.url), AUTH_REQUIRED: 'false', CORS_ENABLED: 'false' });
    try {
      expect((await fetch(`${gw.url}/version`)).status).toBe(200);
      expect((await fetch(`${gw.url}/docs`)).status).toBe(200);
      const preflight = await fetch(`${gw.url}/version`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:4444', 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await gw.stop();
    }
  });

  it('uses Redis as the cache when CACHE_TYPE=redis', async () => {
    const gw = await startGateway({
      ...baseEnv(db.url),
      CACHE_TYPE: 'redis',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
    });
    try {
      const version = await json(
        await fetch(`${gw.url}/version`, {
          headers: { authorization: basic('admin', 'e2e-basic-password') },
        }),
      );
      expect(version.cache).toEqual({ backend: 'redis', reachable: true });
      expect((await json(await fetch(`${gw.url}/ready`))).status).toBe('ready');
    } finally {
      await gw.stop();
    }
  });

  it('refuses to start when Redis is unreachable', async () => {
    const { code, output } = await runGatewayToExit({
      ...baseEnv(db.url),
      CACHE_TYPE: 'redis',
      REDIS_URL: 'redis://:redis-secret@127.0.0.1:1/0',
      REDIS_MAX_RETRIES: '2',
      REDIS_RETRY_INTERVAL_MS: '100',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/Redis at REDIS_URL is unreachable after 2 attempt/);
    expect(output).not.toContain('redis-secret');
  });

  it('writes logs to LOG_FILE, in text or JSON, and never a secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpgw-logs-'));
    const secrets = {
      BASIC_AUTH_PASSWORD: 'basic-pw-4d1f',
      JWT_SECRET_KEY: 'jwt-key-77aa',
      AUTH_ENCRYPTION_SECRET: 'enc-secret-93bc',
    };
    try {
      for (const format of ['json', 'text']) {
        const logFile = join(dir, `gateway-${format}.log`);
        const env = {
          ...baseEnv(db.url),
          ...secrets,
          LOG_FILE: logFile,
          LOG_FORMAT: format,
          LOG_LEVEL: 'DEBUG',
        };
        const gw = await startGateway(env);
        const token = (await runCli(['token', '-u', 'admin', '-s', secrets.JWT_SECRET_KEY])).stdout.trim();
        await fetch(`${gw.url}/version`, { headers: { authorization: `Bearer ${token}` } });
        await fetch(`${gw.url}/version?token=${token}`, {
          headers: { authorization: basic('admin', secrets.BASIC_AUTH_PASSWORD) },
        });
        await fetch(`${gw.url}/version`, { headers: { authorization: basic('admin', 'wrong-pw-1234') } });
        await fetch(`${gw.url}/version`, { headers: { authorization: `Bearer ${token}x` } });
        await fetch(`${gw.url}/version`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: '{bad',
        });
        await gw.stop();

        const fileLog = readFileSync(logFile, 'utf8');
        const everything = fileLog + gw.stdout.join('') + gw.stderr.join('');
        expect(fileLog).toContain('/version');
        if (format === 'json')
          expect(() =>
            fileLog
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as unknown),
          ).not.toThrow();
        else expect(fileLog.trim().split('\n')[0]).not.toMatch(/^\{/);
        for (const secret of [
          ...Object.values(secrets),
          token,
          'wrong-pw-1234',
          Buffer.from(`admin:${secrets.BASIC_AUTH_PASSWORD}`).toString('base64'),
        ]) {
          expect(everything).not.toContain(secret);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
