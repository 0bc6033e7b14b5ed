/**
 * What the access log of one MCP HTTP request needs from the transport that served it. The entry creates one
 * only when the log level lets the line be written; transports fill it in by reference (no copy, no second
 * parse) and the names are read from the body only when the line is written.
 */
export interface AccessNote {
  readonly correlationId: string;
  /** The parsed JSON-RPC body, once the transport has read it. */
  body?: unknown;
}

const MAX_LISTED = 10;
const MAX_METHOD_LENGTH = 64;

function methodOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const method = (message as { method?: unknown }).method;
  if (typeof method !== 'string') return undefined;
  return method.length > MAX_METHOD_LENGTH ? `${method.slice(0, MAX_METHOD_LENGTH)}…` : method;
}

/**
 * The JSON-RPC method(s) a body carried, for the log: `tools/call`, or `initialize,tools/list` for a batch
 * (at most ten names, each cut at 64 characters); undefined when there is none (a client's answer, garbage).
 * Only method names: parameters, tool arguments and results never reach the log.
 */
export function rpcMethods(body: unknown): string | undefined {
  if (!Array.isArray(body)) return methodOf(body);
  const names: string[] = [];
  for (const message of body as unknown[]) {
    if (names.length === MAX_LISTED) {
      names.push(`…(${body.length} messages)`);
      break;
    }
    const name = methodOf(message);
    if (name) names.push(name);
  }
  return names.length > 0 ? names.join(',') : undefined;
}
