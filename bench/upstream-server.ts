/**
 * The upstream of the benchmark: a minimal MCP server built the way MCP servers usually are (the SDK's McpServer)
 * with one tool, `echo`, that answers its `text` argument unchanged, which is how the load generator knows an answer
 * is its own. Served over Streamable HTTP (stateful, `/mcp`) and HTTP+SSE (`/sse`), plus `POST /echo` for the REST
 * adapter and `GET /stats` (sessions opened and ended, by client name); or, with `--stdio`, over stdio for mcp-proxy.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** `--json`: answer POSTs with application/json instead of an SSE stream (the SDK's default). */
const JSON_RESPONSE = process.argv.includes('--json');

function echoServer(onInitialized?: (client: string) => void): McpServer {
  const server = new McpServer({ name: 'bench-echo', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Answers its text argument unchanged', inputSchema: { text: z.string() } },
    ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  if (onInitialized)
    server.server.oninitialized = () => onInitialized(server.server.getClientVersion()?.name ?? 'unknown');
  return server;
}

/** Per client name: sessions initialized, ended, and ended by the client's DELETE. */
class SessionStats {
  readonly opened: Record<string, number> = {};
  readonly closed: Record<string, number> = {};
  readonly deleted: Record<string, number> = {};

  count(table: Record<string, number>, client: string): void {
    table[client] = (table[client] ?? 0) + 1;
  }
}

interface StreamableEntry {
  transport: StreamableHTTPServerTransport;
  client: string;
  deleted: boolean;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function serveHttp(): void {
  const stats = new SessionStats();
  const streamable = new Map<string, StreamableEntry>();
  const sse = new Map<string, SSEServerTransport>();

  async function mcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const entry = streamable.get(id);
      if (!entry) {
        req.resume();
        sendJson(res, 404, {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32001, message: 'Session not found' },
        });
        return;
      }
      if (req.method === 'DELETE') entry.deleted = true;
      await entry.transport.handleRequest(req, res);
      return;
    }
    const entry: StreamableEntry = {
      client: 'uninitialized',
      deleted: false,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: JSON_RESPONSE,
        onsessioninitialized: (sessionId) => void streamable.set(sessionId, entry),
      }),
    };
    entry.transport.onclose = () => {
      const sessionId = entry.transport.sessionId;
      if (!sessionId || !streamable.delete(sessionId)) return;
      stats.count(stats.closed, entry.client);
      if (entry.deleted) stats.count(stats.deleted, entry.client);
    };
    const server = echoServer((client) => {
      entry.client = client;
      stats.count(stats.opened, client);
    });
    await server.connect(entry.transport);
    await entry.transport.handleRequest(req, res);
  }

  async function openSse(res: ServerResponse): Promise<void> {
    const transport = new SSEServerTransport('/messages', res);
    sse.set(transport.sessionId, transport);
    res.on('close', () => sse.delete(transport.sessionId));
    await echoServer().connect(transport);
  }

  async function restEcho(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body: unknown = JSON.parse((await readBody(req)) || '{}');
    const text = typeof body === 'object' && body !== null ? (body as { text?: unknown }).text : undefined;
    sendJson(res, 200, { text });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const route = `${req.method} ${url.pathname}`;
    const work =
      url.pathname === '/mcp'
        ? mcp(req, res)
        : route === 'GET /sse'
          ? openSse(res)
          : route === 'POST /messages'
            ? (sse.get(url.searchParams.get('sessionId') ?? '')?.handlePostMessage(req, res) ??
              Promise.resolve(sendJson(res, 404, { error: 'unknown SSE session' })))
            : route === 'POST /echo'
              ? restEcho(req, res)
              : route === 'GET /stats'
                ? Promise.resolve(
                    sendJson(res, 200, { ...stats, openStreamable: streamable.size, openSse: sse.size }),
                  )
                : Promise.resolve(sendJson(res, 404, { error: `no route ${route}` }));
    work.catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
  });
  process.on('SIGTERM', () => process.exit(0));
  // The bench's IPC channel closes when the bench ends, however it ends.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes('--stdio')) {
  await echoServer().connect(new StdioServerTransport());
} else {
  serveHttp();
}
