import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// GATEWAY_DIST lets several people test their own build side by side (e.g. dist-tools/); default dist/.
const DIST = join(REPO_ROOT, process.env.GATEWAY_DIST ?? 'dist');
export const GATEWAY_MAIN = join(DIST, 'apps/gateway/src/main.js');
export const CLI_MAIN = join(DIST, 'apps/cli/src/main.js');

export type DatabaseKind = 'sqlite' | 'postgres';

/** Which database this e2e project runs against (the vitest project sets E2E_DATABASE). */
export function e2eDatabase(): DatabaseKind {
  return process.env.E2E_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

export function postgresAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
}

/** A database for one test file: a temp SQLite file, or a fresh PostgreSQL database dropped at the end. */
export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DatabaseKind = e2eDatabase()): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mcpgw-e2e-'));
    return {
      kind,
      url: `sqlite:///${join(dir, 'mcp.db')}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const name = `mcpgw_e2e_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface RunningGateway {
  url: string;
  port: number;
  process: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Stops the gateway (SIGTERM) and waits for it to exit. */
  stop(): Promise<number | null>;
}

/** Environment every test gateway gets; tests add or override. Nothing leaks in from the developer's shell. */
export function baseEnv(databaseUrl: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    JWT_SECRET_KEY: 'e2e-jwt-secret',
    BASIC_AUTH_USER: 'admin',
    BASIC_AUTH_PASSWORD: 'e2e-basic-password',
    AUTH_ENCRYPTION_SECRET: 'e2e-encryption-secret',
    LOG_LEVEL: 'INFO',
    DB_MAX_RETRIES: '2',
    DB_RETRY_INTERVAL_MS: '200',
  };
}

/** A port that was free a moment ago (the kernel hands out ephemeral ports in sequence, so reuse is unlikely). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns the built gateway (dist/) as a real process on a free port and resolves once /health answers.
 * Its cwd is a temp directory, so no developer .env is read.
 */
export async function startGateway(env: Record<string, string>, timeoutMs = 30_000): Promise<RunningGateway> {
  const cwd = mkdtempSync(join(tmpdir(), 'mcpgw-cwd-'));
  const port = env.PORT && env.PORT !== '0' ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [GATEWAY_MAIN], {
    cwd,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => resolve((exitCode = code))),
  );
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));

  child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
  const failed = exited.then((code) => {
    throw new Error(`gateway exited with ${code} before listening:\n${stdout.join('')}${stderr.join('')}`);
  });
  const deadline = Date.now() + timeoutMs;
  const prefix = env.APP_ROOT_PATH ?? '';
  for (;;) {
    const up = await Promise.race([
      fetch(`http://127.0.0.1:${port}${prefix}/health`).then(
        (r) => r.status === 200,
        () => false,
      ),
      failed,
    ]);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gateway did not start in ${timeoutMs} ms:\n${stdout.join('')}${stderr.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  failed.catch(() => undefined);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    stdout,
    stderr,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      const code = await exited;
      rmSync(cwd, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs the gateway expecting it to fail at start; resolves with its exit code and output. */
export async function runGatewayToExit(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; output: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'mcpgw-cwd-'));
  const child = spawn(process.execPath, [GATEWAY_MAIN], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  rmSync(cwd, { recursive: true, force: true });
  return { code, output };
}

/** Runs `mcpgateway <args>` and returns what it printed. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions that read them
export type Json = any;

/** The JSON body of a response, typed loosely for assertions. */
export async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}
