import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GatewayLogger, loadGatewayConfig } from '@app/common';
import type { AccessNote } from '../transports/access-note.js';
import { McpHttpEntry } from './mcp-http-entry.js';

function sut(env: Record<string, string> = {}): McpHttpEntry {
  // Routing reads only the configuration; the collaborators are never touched.
  const none = {} as never;
  return new McpHttpEntry(loadGatewayConfig(env), none, none, none, none, none, none, none);
}

describe(McpHttpEntry.name, () => {
  it('routes the catalogue and per-server MCP paths, and leaves everything else to Nest', () => {
    const entry = sut();
    expect(entry.route('/mcp')).toEqual({ kind: 'mcp', scope: null, base: '' });
    expect(entry.route('/mcp/?x=1')).toMatchObject({ kind: 'mcp' });
    expect(entry.route('/sse')).toMatchObject({ kind: 'sse', scope: null });
    expect(entry.route('/message?session_id=abc')).toMatchObject({ kind: 'message' });
    expect(entry.route('/ws')).toMatchObject({ kind: 'ws' });
    expect(entry.route('/rpc')).toMatchObject({ kind: 'rpc' });
    expect(entry.route('/servers/0f3c9b6e2a1d4e5f/mcp')).toEqual({
      kind: 'mcp',
      scope: '0f3c9b6e2a1d4e5f',
      base: '/servers/0f3c9b6e2a1d4e5f',
    });
    expect(entry.route('/servers/abc/sse')).toMatchObject({ kind: 'sse', scope: 'abc' });
    for (const path of [
      '/',
      '/tools',
      '/servers/abc',
      '/servers/abc/tools',
      '/mcpx',
      '/servers/a/b/mcp',
      '/servers/../mcp',
    ]) {
      expect(entry.route(path)).toBeUndefined();
    }
  });

  it('serves MCP only under APP_ROOT_PATH when one is set', () => {
    const entry = sut({ APP_ROOT_PATH: '/gw' });
    expect(entry.route('/gw/mcp')).toMatchObject({ kind: 'mcp' });
    expect(entry.route('/mcp')).toBeUndefined();
    expect(entry.route('/gwmcp')).toBeUndefined();
  });

  it('turns transports off by TRANSPORT_TYPE', () => {
    const httpOnly = sut({ TRANSPORT_TYPE: 'http' });
    expect(httpOnly.route('/mcp')).toBeDefined();
    expect(httpOnly.route('/sse')).toBeUndefined();
    expect(httpOnly.route('/servers/a/ws')).toBeUndefined();
    const sseOnly = sut({ TRANSPORT_TYPE: 'sse' });
    expect(sseOnly.route('/mcp')).toBeUndefined();
    expect(sseOnly.route('/servers/a/message')).toBeDefined();
  });
});

/** A logger whose JSON lines a test can read back. */
function collectingLogger(level: string): {
  logger: GatewayLogger;
  entries: () => Record<string, unknown>[];
} {
  const lines: string[] = [];
  const logger = new GatewayLogger(loadGatewayConfig({ LOG_FORMAT: 'json', LOG_LEVEL: level }), {
    write: (line: string) => void lines.push(line),
  });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/**
 * The entry on a real HTTP server, with a Streamable HTTP transport that reads the body as the real one does
 * (it records it on the note) and answers it; `hang` keeps a request open until the client goes away.
 */
async function serveEntry(level: string, env: Record<string, string> = {}) {
  const { logger, entries } = collectingLogger(level);
  const notes: (AccessNote | undefined)[] = [];
  const streamable = {
    handle: async (
      req: IncomingMessage,
      res: ServerResponse,
      _s: unknown,
      _p: unknown,
      note?: AccessNote,
    ) => {
      notes.push(note);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: number; method: string };
      if (note) note.body = body;
      if (body.method === 'hang') return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: {} }));
    },
  };
  const verifier = {
    authenticate: (header?: string) => {
      if (header !== 'Bearer sk-secret-123') throw new Error('no');
      return { username: 'admin', method: 'jwt' };
    },
  };
  const none = {} as never;
  const entry = new McpHttpEntry(
    loadGatewayConfig(env),
    verifier as never,
    none,
    streamable as never,
    none,
    none,
    none,
    logger,
  );
  const server = createServer((_req, res) => res.writeHead(404).end());
  entry.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${url}/mcp?token=sk-query-456`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-secret-123', 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
    });
  const accessLines = async (count: number) => {
    for (let i = 0; i < 100 && entries().filter((e) => e.context === 'MCP').length < count; i++)
      await new Promise((r) => setTimeout(r, 5));
    return entries().filter((e) => e.context === 'MCP');
  };
  const close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return { post, accessLines, entries, notes, close };
}

describe(`${McpHttpEntry.name} access log`, () => {
  it('writes one info line per MCP request in the REST shape, with the JSON-RPC method and no secrets', async () => {
    const gw = await serveEntry('INFO');
    try {
      const res = await gw.post({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'weather', arguments: { city: 'Oslo' } },
      });
      expect(res.status).toBe(200);
      const correlationId = res.headers.get('x-correlation-id');
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      const lines = await gw.accessLines(1);
      expect(lines).toEqual([
        {
          level: 'info',
          time: expect.any(String),
          context: 'MCP',
          msg: 'request',
          method: 'POST',
          path: '/mcp',
          status: 200,
          durationMs: expect.any(Number),
          rpc: 'tools/call',
          correlationId,
        },
      ]);
      const text = JSON.stringify(gw.entries());
      for (const secret of ['sk-secret-123', 'sk-query-456', 'Oslo', 'weather', 'authorization'])
        expect(text).not.toContain(secret);
    } finally {
      await gw.close();
    }
  });

  it("keeps the caller's correlation id, and logs refusals as warnings", async () => {
    const gw = await serveEntry('INFO');
    try {
      const res = await gw.post(
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { 'x-correlation-id': 'trace-42' },
      );
      expect(res.headers.get('x-correlation-id')).toBe('trace-42');
      const refused = await gw.post(
        { jsonrpc: '2.0', id: 2, method: 'ping' },
        { authorization: 'Bearer wrong' },
      );
      expect(refused.status).toBe(401);
      const lines = await gw.accessLines(2);
      expect(lines[0]).toMatchObject({ level: 'info', correlationId: 'trace-42', rpc: 'ping' });
      expect(lines[1]).toMatchObject({ level: 'warn', status: 401 });
      expect(lines[1].rpc).toBeUndefined();
    } finally {
      await gw.close();
    }
  });

  it('logs a request whose client hung up before the answer as aborted', async () => {
    const gw = await serveEntry('INFO');
    try {
      const controller = new AbortController();
      const pending = gw.post({ jsonrpc: '2.0', id: 1, method: 'hang' }, {}, controller.signal);
      for (let i = 0; i < 100 && gw.notes.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      await expect(pending).rejects.toThrow();
      const [line] = await gw.accessLines(1);
      expect(line).toMatchObject({ level: 'info', aborted: true, rpc: 'hang' });
      expect(line.status).toBeUndefined();
    } finally {
      await gw.close();
    }
  });

  it('builds nothing when the level hides info lines: no note, no header, no line', async () => {
    const gw = await serveEntry('WARNING');
    try {
      const res = await gw.post({ jsonrpc: '2.0', id: 1, method: 'ping' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-correlation-id')).toBeNull();
      expect(gw.notes).toEqual([undefined]);
      await new Promise((r) => setTimeout(r, 20));
      expect(gw.entries()).toEqual([]);
    } finally {
      await gw.close();
    }
  });
});
