/**
 * The bare forwarder: a node:http server that passes every request to one upstream origin over an undici
 * keep-alive pool and streams the answer back unchanged (JSON replies and SSE streams alike). It does nothing a
 * gateway must do (no auth, no parsing, no routing), so its own CPU per call is the physical cost of one hop.
 * Usage: node forwarder.js <upstream origin>; reports its port over IPC.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, type Dispatcher } from 'undici';

/** Headers that belong to one connection and must not be forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
]);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

const target = process.argv[2];
if (!target) throw new Error('usage: forwarder.js <upstream origin>');
const pool = new Pool(target, {
  connections: null,
  pipelining: 1,
  keepAliveTimeout: 60_000,
  headersTimeout: 30_000,
  bodyTimeout: 0,
});

/**
 * Forwards one request whose body has been read. Bodies of MCP messages are small, so they are passed on as one
 * buffer (what a stream would deliver anyway, for less work); answers are relayed chunk by chunk as they arrive,
 * so SSE streams flow through unchanged.
 */
function forward(req: IncomingMessage, res: ServerResponse, body: Buffer | null): void {
  // Only a stream (GET) can outlive its client; a POST's answer is short, so it is not worth a controller.
  const abort = req.method === 'GET' ? new AbortController() : undefined;
  if (abort)
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
  pool
    .request({
      method: req.method as Dispatcher.HttpMethod,
      path: req.url ?? '/',
      headers: forwardable(req.headers),
      body,
      signal: abort?.signal,
    })
    .then(({ statusCode, headers, body: answer }) => {
      res.writeHead(statusCode, forwardable(headers));
      if (String(headers['content-type']).startsWith('text/event-stream')) res.flushHeaders();
      answer.on('data', (chunk: Buffer) => res.write(chunk));
      answer.on('end', () => res.end());
      answer.on('error', () => res.destroy());
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
      else res.destroy();
    });
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () =>
    forward(req, res, chunks.length === 0 ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
process.on('SIGTERM', () => process.exit(0));
// The bench's IPC channel closes when the bench ends, however it ends.
process.on('disconnect', () => process.exit(0));
