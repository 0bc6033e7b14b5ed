import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import {
  errorResponse,
  parseBody,
  serializeMessage,
  serializeMessageChunks,
  type JsonRpcError,
} from '../protocol/jsonrpc.js';

/** Reads a request body up to `limit` bytes; resolves null when the body is larger (the rest is drained). */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(over ? null : (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/**
 * Writes a JSON-RPC body (a message or a batch) with its length (no chunked encoding for small answers). A body of
 * several chunks (a shared listing page between its head and its end) goes out corked, as one `writev`.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = serializeMessageChunks(body);
  if (typeof payload === 'string') {
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      ...headers,
    });
    res.end(payload);
    return;
  }
  const [head, result, end] = payload;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': head.length + result.length + end.length,
    ...headers,
  });
  res.cork();
  res.write(head);
  res.write(result);
  res.end(end);
}

/** An HTTP-level refusal on an MCP route, as a JSON-RPC error body (what MCP clients parse). */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  code: number = ErrorCode.InvalidRequest,
  headers: Record<string, string> = {},
): void {
  const body: JsonRpcError = errorResponse(null, code, message);
  sendJson(res, status, body, headers);
}

/** Opens a Server-Sent Events response. */
export function startEventStream(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...headers,
  });
  res.flushHeaders();
}

/** Writes one SSE event. */
export function writeEvent(res: ServerResponse, data: unknown, event?: string): void {
  res.write(
    `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : serializeMessage(data)}\n\n`,
  );
}

/**
 * Reads and parses a JSON-RPC body. When it is too large (413) or not JSON (400, -32700), the answer is sent here
 * and undefined comes back; otherwise the parsed value.
 */
export async function readJsonRpcBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<{ value: unknown } | undefined> {
  const text = await readBody(req, limit);
  if (text === null) {
    sendRpcError(res, 413, `Payload Too Large: a message may be at most ${limit} bytes`);
    return undefined;
  }
  const parsed = parseBody(text);
  if (!parsed.ok) {
    sendJson(res, 400, parsed.error);
    return undefined;
  }
  return { value: parsed.value };
}
