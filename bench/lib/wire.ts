/**
 * The JSON-RPC/MCP wire as the load generator sees it: building requests, reading replies that come as
 * application/json or text/event-stream, and deciding whether an answer is the caller's own.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type JsonObject = Record<string, unknown>;

/** One JSON-RPC response as read from the wire (validated only as far as the bench relies on it). */
export interface RpcResponse {
  id: unknown;
  result?: JsonObject;
  error?: { code?: unknown; message?: unknown };
}

/** A failure that is the server's or the network's: counted as an error. */
export class CallError extends Error {}

/** An answer that is not the caller's (another request's id or another call's tag): counted as wrong. */
export class WrongAnswerError extends Error {}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function request(id: string, method: string, params?: JsonObject): string {
  return JSON.stringify(params ? { jsonrpc: '2.0', id, method, params } : { jsonrpc: '2.0', id, method });
}

export function notification(method: string): string {
  return JSON.stringify({ jsonrpc: '2.0', method });
}

export function initializeParams(protocolVersion: string): JsonObject {
  return { protocolVersion, capabilities: {}, clientInfo: { name: 'bench-load', version: '1.0.0' } };
}

/** Every JSON-RPC message in a parsed body (a single message or a batch). */
function messagesIn(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The `data` of every event in a complete SSE body. */
export function sseData(text: string): string[] {
  const out: string[] = [];
  const parser = createParser({ onEvent: (event) => out.push(event.data) });
  parser.feed(text);
  parser.feed('\n\n');
  return out;
}

/** A streaming SSE reader: feed chunks, get events. */
export function sseReader(onEvent: (event: EventSourceMessage) => void): (chunk: string) => void {
  const parser = createParser({ onEvent });
  return (chunk) => parser.feed(chunk);
}

/** The JSON-RPC messages of a POST reply, whichever media type the server chose. */
export function replyMessages(contentType: string, body: string): JsonObject[] {
  const type = contentType.split(';')[0].trim().toLowerCase();
  try {
    if (type === 'application/json') return messagesIn(JSON.parse(body));
    if (type === 'text/event-stream') return sseData(body).flatMap((data) => messagesIn(JSON.parse(data)));
  } catch {
    throw new CallError(`unparsable ${type} reply: ${body.slice(0, 120)}`);
  }
  throw new CallError(`unexpected reply type ${type || '(none)'}: ${body.slice(0, 120)}`);
}

export function isResponse(message: JsonObject): boolean {
  return 'id' in message && ('result' in message || 'error' in message);
}

export function asResponse(message: JsonObject): RpcResponse {
  return {
    id: message.id,
    result: isObject(message.result) ? message.result : undefined,
    error: isObject(message.error) ? message.error : undefined,
  };
}

/** The result of a response to our own request, or an error when the server answered with one. */
export function resultOf(response: RpcResponse): JsonObject {
  if (response.error) {
    const { code, message } = response.error;
    throw new CallError(`JSON-RPC error ${String(code)}: ${String(message).slice(0, 160)}`);
  }
  if (!response.result) throw new CallError('response without a result');
  return response.result;
}

export type AnswerKind = 'echo' | 'rest';

/**
 * Checks that a tools/call result carries the caller's own tag: the echo tool answers it as text content, the
 * REST adapter as structured content. Anything else is another call's answer, or no answer at all.
 */
export function checkToolAnswer(result: JsonObject, tag: string, kind: AnswerKind): void {
  if (result.isError === true) {
    const first = Array.isArray(result.content) ? (result.content as unknown[])[0] : undefined;
    const text = isObject(first) ? String(first.text) : '';
    throw new CallError(`tool error: ${text.slice(0, 160)}`);
  }
  let got: unknown;
  if (kind === 'rest') {
    got = isObject(result.structuredContent) ? result.structuredContent.text : undefined;
  } else {
    const first = Array.isArray(result.content) ? (result.content as unknown[])[0] : undefined;
    got = isObject(first) ? first.text : undefined;
  }
  if (got !== tag) throw new WrongAnswerError(`answer ${JSON.stringify(got)} is not the tag ${tag}`);
}
