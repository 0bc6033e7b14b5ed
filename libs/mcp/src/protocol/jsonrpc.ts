import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';

export type JsonRpcId = string | number;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcResult {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: Record<string, unknown>;
}

export interface JsonRpcError {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  error: { code: number; message: string; data?: unknown };
}

export type JsonRpcResponse = JsonRpcResult | JsonRpcError;
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** A protocol-level failure, answered as a JSON-RPC error (never as a tool result). */
export class McpError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'McpError';
  }

  static invalidParams(message: string, data?: unknown): McpError {
    return new McpError(ErrorCode.InvalidParams, message, data);
  }

  static methodNotFound(method: string): McpError {
    return new McpError(ErrorCode.MethodNotFound, `Method not found: ${method}`);
  }

  static internal(message = 'Internal error'): McpError {
    return new McpError(ErrorCode.InternalError, message);
  }
}

export function errorResponse(
  id: JsonRpcId | null,
  code: number,
  message: string,
  data?: unknown,
): JsonRpcError {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

export function resultResponse(id: JsonRpcId, result: Record<string, unknown>): JsonRpcResult {
  return { jsonrpc: '2.0', id, result };
}

/** What one element of a POSTed body turned out to be. */
export type Classified =
  | { kind: 'request'; message: JsonRpcRequest }
  | { kind: 'notification'; message: JsonRpcNotification }
  | { kind: 'response'; message: JsonRpcResponse }
  | { kind: 'invalid'; error: JsonRpcError };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is JsonRpcId =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Checks one JSON-RPC 2.0 message by hand (the hot path cannot afford a schema library per message) and says
 * what it is. Anything malformed becomes an Invalid Request error that echoes the id when one can be read.
 */
export function classify(value: unknown): Classified {
  if (!isObject(value)) return invalid(null, 'Invalid Request: a JSON-RPC message must be an object');
  const id = isId(value.id) ? value.id : null;
  if (value.jsonrpc !== '2.0') return invalid(id, 'Invalid Request: jsonrpc must be "2.0"');
  if ('method' in value) {
    if (typeof value.method !== 'string' || value.method.length === 0)
      return invalid(id, 'Invalid Request: method must be a non-empty string');
    if (value.params !== undefined && !isObject(value.params))
      return invalid(id, 'Invalid Request: params must be an object');
    if (!('id' in value)) return { kind: 'notification', message: value as unknown as JsonRpcNotification };
    if (!isId(value.id)) return invalid(null, 'Invalid Request: id must be a string or a number');
    return { kind: 'request', message: value as unknown as JsonRpcRequest };
  }
  if ('result' in value || 'error' in value) {
    if (!('id' in value) || (value.id !== null && !isId(value.id)))
      return invalid(null, 'Invalid Request: a response needs an id');
    if ('result' in value ? !isObject(value.result) : !isObject(value.error))
      return invalid(id, 'Invalid Request: malformed response');
    return { kind: 'response', message: value as unknown as JsonRpcResponse };
  }
  return invalid(id, 'Invalid Request: neither a request, a notification nor a response');
}

function invalid(id: JsonRpcId | null, message: string): Classified {
  return { kind: 'invalid', error: errorResponse(id, ErrorCode.InvalidRequest, message) };
}

/** Parses a body; a parse failure is answered with -32700 and id null, as JSON-RPC requires. */
export function parseBody(text: string): { ok: true; value: unknown } | { ok: false; error: JsonRpcError } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'malformed JSON';
    return { ok: false, error: errorResponse(null, ErrorCode.ParseError, `Parse error: ${reason}`) };
  }
}

/** The JSON of a shared result, kept beside it (a symbol key: JSON.stringify and spreads never see it). */
const SERIALIZED = Symbol('mcp.serializedResult');

interface Serialized {
  text: string;
  /** The same as UTF-8, for HTTP bodies (written without encoding the page again). */
  bytes: Buffer;
}

/**
 * Freezes a result that many answers share (a listing page of one catalogue snapshot) and keeps its JSON with
 * it, so {@link serializeMessage} and {@link serializeMessageChunks} write it without serializing it again. The
 * object stays an ordinary, readable result everywhere else.
 */
export function preserialized<T extends Record<string, unknown>>(result: T): T {
  const text = JSON.stringify(result);
  const serialized: Serialized = { text, bytes: Buffer.from(text, 'utf8') };
  Object.defineProperty(result, SERIALIZED, { value: serialized });
  return Object.freeze(result);
}

function serializedResultOf(message: unknown): Serialized | undefined {
  const result = (message as { result?: unknown } | null)?.result;
  return typeof result === 'object' && result !== null
    ? (result as { [SERIALIZED]?: Serialized })[SERIALIZED]
    : undefined;
}

function head(message: unknown): string {
  const { jsonrpc, id } = message as JsonRpcResult;
  return `{"jsonrpc":${JSON.stringify(jsonrpc)},"id":${JSON.stringify(id)},"result":`;
}

/** A message (or batch) as JSON text; a preserialized result is spliced in as the text it already has. */
export function serializeMessage(message: unknown): string {
  if (Array.isArray(message)) return `[${message.map(serializeMessage).join(',')}]`;
  const serialized = serializedResultOf(message);
  if (serialized === undefined) return JSON.stringify(message);
  return `${head(message)}${serialized.text}}`;
}

/**
 * The same as {@link serializeMessage}, for an HTTP body: a string, or, when the message carries a preserialized
 * result, the UTF-8 chunks that make it up in order, the shared result's bytes among them as they are (a listing
 * page of 330 KB is written from the one copy every answer shares, not copied into a new buffer per answer).
 */
export function serializeMessageChunks(
  message: unknown,
): string | [head: Buffer, result: Buffer, end: Buffer] {
  const serialized = Array.isArray(message) ? undefined : serializedResultOf(message);
  if (serialized === undefined) return serializeMessage(message);
  return [Buffer.from(head(message), 'utf8'), serialized.bytes, CLOSE];
}

const CLOSE = Buffer.from('}');
