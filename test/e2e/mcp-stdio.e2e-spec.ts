import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import {
  basic,
  baseEnv,
  createTestDatabase,
  e2eDatabase,
  GATEWAY_MAIN,
  type Json,
  type TestDatabase,
} from './support/gateway-process.js';

const MAX_REQUEST_SIZE = 65_536;

/** A REST API for the tools: GET /echo/{word} answers the word back as JSON. */
function startApi(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ echoed: decodeURIComponent(req.url?.split('/')[2] ?? '') }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The gateway as an MCP stdio server, spawned by the SDK's own stdio client transport. The test also taps the
 * child's raw stdout (every line must be JSON-RPC) and stdin (to send what no SDK client would).
 */
describe(`MCP over stdio (${e2eDatabase()})`, () => {
  let db: TestDatabase;
  let cwd: string;
  let api: Awaited<ReturnType<typeof startApi>>;
  let transport: StdioClientTransport;
  let client: Client;
  let child: ChildProcess;
  let rest: ApiClient;
  const stdoutLines: string[] = [];
  const stderr: string[] = [];
  let exitCode: number | null | undefined;

  /** The raw JSON-RPC messages the gateway wrote to stdout. */
  const rawMessages = (): Json[] => stdoutLines.map((line): Json => JSON.parse(line));

  beforeAll(async () => {
    db = await createTestDatabase();
    cwd = mkdtempSync(join(tmpdir(), 'mcpgw-stdio-'));
    api = await startApi();
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [GATEWAY_MAIN],
      cwd,
      env: {
        ...baseEnv(db.url),
        TRANSPORT_TYPE: 'stdio',
        PORT: '0',
        MAX_REQUEST_SIZE: String(MAX_REQUEST_SIZE),
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    // The SDK keeps its child process private; the test needs its raw pipes, so it takes them after spawning.
    const start = transport.start.bind(transport);
    transport.start = async () => {
      await start();
      child = (transport as unknown as { _process: ChildProcess })._process;
      child.on('exit', (code) => (exitCode = code));
      let pending = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        stdoutLines.push(...lines);
      });
    };
    client = new Client({ name: 'e2e-stdio', version: '1.0.0' }, { capabilities: { sampling: {} } });
    await client.connect(transport);

    // The HTTP side still serves REST; the port it picked is in the start-up line, which went to stderr.
    const port = await until('the listening line on stderr', () => {
      const match = /"context":"Bootstrap","host":"[^"]*","port":(\d+)/.exec(stderr.join(''));
      return match ? Number(match[1]) : undefined;
    });
    rest = new ApiClient(`http://127.0.0.1:${port}`, basic('admin', 'e2e-basic-password'));
  });

  afterAll(async () => {
    await client?.close();
    await new Promise((resolve) => api?.server.close(resolve));
    if (cwd) rmSync(cwd, { recursive: true, force: true });
    await db?.drop();
  });

  it('initializes over stdin/stdout and logs to stderr only', () => {
    expect(client.getServerVersion()?.name).toBe('MCP Gateway');
    expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true } });
    expect(stderr.join('')).toContain('"msg":"MCP session on stdio"');
    expect(stdoutLines.length).toBeGreaterThan(0);
    for (const message of rawMessages()) expect(message.jsonrpc).toBe('2.0');
  });

  it('lists what was registered over REST and calls a REST tool', async () => {
    expect(
      (
        await rest.post('/tools', {
          name: 'echo',
          url: `${api.url}/echo/{word}`,
          integration_type: 'REST',
          request_type: 'GET',
          input_schema: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
        })
      ).status,
    ).toBe(201);
    await rest.post('/resources', { uri: 'config://stdio/settings', name: 'Settings', content: 'k=v' });
    await rest.post('/prompts', { name: 'hello', template: 'Hello, {{ who }}!' });

    expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain('config://stdio/settings');
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain('hello');
    const read = await client.readResource({ uri: 'config://stdio/settings' });
    expect(read.contents[0]).toMatchObject({ text: 'k=v' });

    const result = await client.callTool({ name: 'echo', arguments: { word: 'stdio' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ echoed: 'stdio' });
  });

  it('sends tools/list_changed on stdout when a tool is registered over REST', async () => {
    const listChanged = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    await rest.post('/tools', { name: `late_${Date.now()}`, url: `${api.url}/echo/late` });
    await expect(listChanged).resolves.toBeUndefined();
  });

  it('carries server-initiated requests: sampling relayed from REST to the stdio client', async () => {
    client.setRequestHandler(CreateMessageRequestSchema, (request) => ({
      role: 'assistant',
      content: {
        type: 'text',
        text: `stdio says: ${(request.params.messages[0].content as { text: string }).text}`,
      },
      model: 'e2e-model',
    }));
    const relayed = await rest.post('/protocol/sampling/createMessage', {
      messages: [{ role: 'user', content: { type: 'text', text: 'Hi' } }],
      maxTokens: 8,
    });
    expect(relayed.status).toBe(200);
    expect(relayed.body.content).toEqual({ type: 'text', text: 'stdio says: Hi' });
  });

  it('answers a garbage line with -32700 and an over-long line with an error, and the session goes on', async () => {
    const before = stdoutLines.length;
    child.stdin?.write('this is not JSON\n');
    child.stdin?.write(
      `{"jsonrpc":"2.0","id":"big","method":"ping","pad":"${'x'.repeat(MAX_REQUEST_SIZE)}"}\n`,
    );
    const errors = await until('two error lines', () => {
      const found = rawMessages()
        .slice(before)
        .filter((m) => m.error);
      return found.length >= 2 ? found : undefined;
    });
    expect(errors[0]).toMatchObject({ id: null, error: { code: -32700 } });
    expect(errors[1]).toMatchObject({ id: null, error: { code: -32600, message: /at most 65536 bytes/ } });
    expect(rawMessages().some((m) => m.id === 'big')).toBe(false);

    await expect(client.ping()).resolves.toEqual({});
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
  });

  it('keeps MCP off HTTP (stdio is the MCP transport) while REST stays on', async () => {
    const res = await rest.request('POST', '/mcp', { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(res.status).toBe(404);
    expect((await rest.get('/tools')).status).toBe(200);
  });

  it('writes the access line of an MCP HTTP request (/rpc) to stderr, without its body', async () => {
    const res = await rest.request(
      'POST',
      '/rpc?token=should-not-be-logged',
      { jsonrpc: '2.0', id: 1, method: 'echo', params: { word: 'secret-word' } },
      { 'x-correlation-id': 'e2e-stdio-rpc' },
    );
    expect(res.body.result.structuredContent).toEqual({ echoed: 'secret-word' });
    const line = await until('the access line', () =>
      stderr
        .join('')
        .split('\n')
        .find((l) => l.includes('"correlationId":"e2e-stdio-rpc"')),
    );
    expect(JSON.parse(line)).toMatchObject({
      level: 'info',
      context: 'MCP',
      msg: 'request',
      method: 'POST',
      path: '/rpc',
      status: 200,
      rpc: 'echo',
    });
    expect(line).not.toContain('secret-word');
    expect(line).not.toContain('should-not-be-logged');
  });

  it('shuts the gateway down when stdin closes', async () => {
    for (const message of rawMessages()) expect(message.jsonrpc).toBe('2.0');
    const proc = child;
    const exited = new Promise<void>((resolve) =>
      exitCode !== undefined ? resolve() : proc.once('exit', () => resolve()),
    );
    proc.stdin?.end();
    await exited;
    expect(exitCode).toBe(0);
    expect(stderr.join('')).toContain('"reason":"client"');
  });
});
