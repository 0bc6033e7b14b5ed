/**
 * The gateway under test: the built gateway as its own process (SQLite in a temp dir, auth on), and its set-up
 * through the admin API: the upstream registered, a REST tool, virtual servers. Each step reports failure instead
 * of throwing, so a route that does not exist yet makes its workloads n/a rather than ending the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { freePort, spawnListening, type BenchProcess } from './processes.js';
import { isObject, type JsonObject } from './wire.js';

const ADMIN_USER = 'admin';
const ADMIN_PASSWORD = 'bench-basic-password';
const JWT_SECRET = 'bench-jwt-secret';

export interface GatewayOptions {
  name: string;
  main: string;
  stateful: boolean;
  /** PATH and HOME of the bench, so the gateway can start its own children. */
  baseEnv: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  execArgv: string[];
  /** Where its output goes too (a file), for experiments such as --trace-gc. */
  logFile?: string;
}

export interface Gateway extends BenchProcess {
  /** Bearer token (HS256, sub admin) for the MCP calls. */
  bearer: string;
  /** The admin API with Basic credentials; resolves with status and parsed body. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), `mcpgw-bench-${options.name}-`));
  const port = await freePort();
  const env: Record<string, string> = {
    ...options.baseEnv,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `sqlite:///${join(dir, 'bench.db')}`,
    AUTH_REQUIRED: 'true',
    BASIC_AUTH_USER: ADMIN_USER,
    BASIC_AUTH_PASSWORD: ADMIN_PASSWORD,
    JWT_SECRET_KEY: JWT_SECRET,
    AUTH_ENCRYPTION_SECRET: 'bench-encryption-secret',
    LOG_LEVEL: 'ERROR',
    TOOL_RATE_LIMIT: '1000000',
    TOOL_CONCURRENT_LIMIT: '1000',
    USE_STATEFUL_SESSIONS: String(options.stateful),
    // The upstream, the REST API and the peers all listen on 127.0.0.1.
    SSRF_ALLOW_LOCALHOST: 'true',
  };
  let child: BenchProcess;
  try {
    child = await spawnListening(options.name, process.execPath, [...options.execArgv, options.main], {
      port,
      env,
      cwd: dir,
      readyPath: '/health',
      ok: (status) => status === 200,
      timeoutMs: 60_000,
      graceMs: 15_000,
      logFile: options.logFile,
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const basic = `Basic ${Buffer.from(`${ADMIN_USER}:${ADMIN_PASSWORD}`).toString('base64')}`;
  const bearer = `Bearer ${jwt.sign({ sub: ADMIN_USER, username: ADMIN_USER }, JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: '2h',
  })}`;
  return {
    ...child,
    bearer,
    async api(method, path, body) {
      const res = await fetch(`${child.url}${path}`, {
        method,
        headers: {
          authorization: basic,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text for the report
      }
      return { status: res.status, body: parsed };
    },
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A step's outcome: the value, or why it failed (shown as the reason of the n/a workloads). */
export type Step<T> = { ok: true; value: T } | { ok: false; reason: string };

function failure(what: string, status: number, body: unknown): Step<never> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { ok: false, reason: `${what}: HTTP ${status} ${text.slice(0, 200)}` };
}

async function guarded<T>(what: string, work: () => Promise<Step<T>>): Promise<Step<T>> {
  try {
    return await work();
  } catch (error) {
    return { ok: false, reason: `${what}: ${String(error)}` };
  }
}

/** POST /gateways, then waits for the upstream's echo tool to appear in GET /tools; resolves with that tool. */
export function registerUpstream(gw: Gateway, upstreamUrl: string): Promise<Step<BenchTool>> {
  return guarded('POST /gateways', async () => {
    const created = await gw.api('POST', '/gateways', {
      name: 'bench',
      url: `${upstreamUrl}/mcp`,
      transport: 'STREAMABLEHTTP',
    });
    if (created.status !== 201 || !isObject(created.body) || typeof created.body.id !== 'string')
      return failure('POST /gateways', created.status, created.body);
    const gatewayId = created.body.id;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const listed = await gw.api('GET', '/tools');
      const tools = Array.isArray(listed.body) ? (listed.body as unknown[]).filter(isObject) : [];
      const echo = tools.find(
        (t) => t.gatewayId === gatewayId && typeof t.name === 'string' && t.name.endsWith('echo'),
      );
      if (echo) return { ok: true, value: { id: String(echo.id), name: String(echo.name) } };
      if (Date.now() > deadline)
        return {
          ok: false,
          reason: `the upstream's echo tool never appeared in GET /tools (gateway ${gatewayId})`,
        };
      await new Promise((r) => setTimeout(r, 200));
    }
  });
}

const TEXT_SCHEMA = {
  type: 'object',
  properties: { text: { type: 'string' } },
  required: ['text'],
};

/** A REST tool (POST {text} to the upstream's /echo), through the gateway's REST adapter. */
export function createRestTool(gw: Gateway, name: string, url: string): Promise<Step<BenchTool>> {
  return guarded(`POST /tools ${name}`, async () => {
    const created = await gw.api('POST', '/tools', {
      name,
      url,
      integrationType: 'REST',
      requestType: 'POST',
      inputSchema: TEXT_SCHEMA,
    });
    if (created.status !== 201 || !isObject(created.body) || typeof created.body.id !== 'string')
      return failure(`POST /tools ${name}`, created.status, created.body);
    return { ok: true, value: { id: created.body.id, name } };
  });
}

/** `count` REST tools with distinct names and schemas of realistic size, created a few at a time. */
export function createManyTools(gw: Gateway, count: number, url: string): Promise<Step<string[]>> {
  return guarded('creating the tools of the listing', async () => {
    const ids: string[] = new Array<string>(count);
    let next = 0;
    let failed: Step<never> | undefined;
    const worker = async () => {
      while (next < count && !failed) {
        const index = next++;
        const name = `list-tool-${String(index).padStart(4, '0')}`;
        const created = await gw.api('POST', '/tools', {
          name,
          url,
          description: `Benchmark tool ${index} of a large catalogue: echoes its text argument back.`,
          integrationType: 'REST',
          requestType: 'POST',
          inputSchema: {
            type: 'object',
            properties: {
              text: { type: 'string', description: 'What to echo' },
              repeat: { type: 'integer', minimum: 1, maximum: 10, description: 'How many times' },
            },
            required: ['text'],
          },
        });
        if (created.status !== 201 || !isObject(created.body)) {
          failed = failure(`POST /tools ${name}`, created.status, created.body);
          return;
        }
        ids[index] = String(created.body.id);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return failed ?? { ok: true, value: ids };
  });
}

/** POST /servers: a virtual server bundling the given tools; resolves with its id. */
export function createServer(gw: Gateway, name: string, toolIds: string[]): Promise<Step<string>> {
  return guarded(`POST /servers ${name}`, async () => {
    const created = await gw.api('POST', '/servers', { name, associatedTools: toolIds });
    const body = created.body as JsonObject;
    if (created.status !== 201 || !isObject(body) || typeof body.id !== 'string')
      return failure(`POST /servers ${name}`, created.status, created.body);
    return { ok: true, value: body.id };
  });
}

export interface BenchTool {
  id: string;
  name: string;
}

/** What a gateway was given for the run; every part is either there or says why not. */
export interface GatewaySetup {
  gateway: Step<Gateway>;
  /** The upstream's echo tool, as the gateway imported it. */
  echo: Step<BenchTool>;
  /** The REST tool that posts to the upstream's /echo. */
  rest: Step<BenchTool>;
  /** A virtual server bundling echo (and rest). */
  server: Step<string>;
  /** A virtual server bundling `listTools` tools. */
  listServer: Step<string>;
}

const NOT_ASKED: Step<never> = { ok: false, reason: 'not set up for this gateway' };

/** Registers the upstream, and optionally a REST tool and the large server, on a running gateway. */
export async function setUpGateway(
  gateway: Step<Gateway>,
  upstreamUrl: string,
  options: { rest: boolean; listTools: number },
): Promise<GatewaySetup> {
  if (!gateway.ok) return { gateway, echo: gateway, rest: gateway, server: gateway, listServer: gateway };
  const gw = gateway.value;
  const echo = await registerUpstream(gw, upstreamUrl);
  const rest = options.rest ? await createRestTool(gw, 'rest-echo', `${upstreamUrl}/echo`) : NOT_ASKED;
  const toolIds = [echo, rest].flatMap((step) => (step.ok ? [step.value.id] : []));
  const server: Step<string> =
    toolIds.length > 0 ? await createServer(gw, 'bench', toolIds) : echo.ok ? NOT_ASKED : echo;
  let listServer: Step<string> = NOT_ASKED;
  if (options.listTools > 0) {
    const many = await createManyTools(gw, options.listTools, `${upstreamUrl}/echo`);
    listServer = many.ok ? await createServer(gw, 'bench-list', many.value) : many;
  }
  return { gateway, echo, rest, server, listServer };
}
