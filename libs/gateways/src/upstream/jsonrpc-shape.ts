import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

/** What a received JSON-RPC message is, told by its shape alone (the SDK's guards run a schema per call). */
export type MessageKind = 'request' | 'notification' | 'result' | 'error';

export interface ShapedMessage {
  jsonrpc: '2.0';
  id?: RequestId;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

function isId(value: unknown): value is RequestId {
  return typeof value === 'string' || typeof value === 'number';
}

/** The kind of a JSON-RPC 2.0 message, or undefined for anything else. */
export function messageKind(message: unknown): MessageKind | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as ShapedMessage;
  if (m.jsonrpc !== '2.0') return undefined;
  if (typeof m.method === 'string') return 'id' in m ? (isId(m.id) ? 'request' : undefined) : 'notification';
  if (!isId(m.id)) return undefined;
  if (typeof m.result === 'object' && m.result !== null) return 'result';
  const error = m.error;
  if (typeof error === 'object' && error !== null && typeof error.code === 'number') return 'error';
  return undefined;
}
