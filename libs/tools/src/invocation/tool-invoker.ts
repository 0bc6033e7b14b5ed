import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { CallSignal } from '@app/common';
import type { ToolRecord } from '../tools.repository.js';

/** What a tool call answers: the MCP CallToolResult shape. */
export interface ToolCallResult {
  content: ContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
}

/** A progress report of a long call, as MCP's notifications/progress carries it. */
export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

/**
 * Sends a request the upstream made during a call (sampling/createMessage, elicitation/create, roots/list) to
 * the client whose call it is, and resolves with that client's result. It rejects when the client cannot
 * answer such requests.
 */
export type ClientRequestRelay = (
  method: string,
  params: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<Record<string, unknown>>;

/** What travels with one call: the attempt's abort signal, the request's `_meta`, a progress callback. */
export interface ToolInvocationContext {
  /**
   * Aborted on timeout or when the caller cancels: an invoker must then reject promptly. An AbortSignal, or the
   * caller's {@link Cancellation} (undici takes either as a request's signal).
   */
  signal: CallSignal;
  meta?: Record<string, unknown>;
  onProgress?: (progress: ToolProgress) => void;
  /** Relays the upstream's requests to the calling client; absent when there is no client to ask. */
  relay?: ClientRequestRelay;
  /**
   * Aborts `signal` (its owner's controller serves this call alone): given, the invocation service stops a
   * timed-out call through it instead of making a controller per attempt. Invokers ignore it.
   */
  abort?: (reason: Error) => void;
}

/**
 * Calls one kind of upstream (REST, MCP, …). The lib that owns the connection implements it and registers it
 * in ToolInvokerRegistry, so `tools` never imports `gateways`.
 *
 * Contract: a failure worth retrying (network error, 5xx, 429) is thrown as a RetryableInvocationError carrying
 * the result to give if no retry is left; an answer the tool itself gave, error or not, is returned; anything
 * else thrown is a non-retryable failure. Policies (validation, limits, timeout, retries, metrics) belong to
 * ToolInvocationService, not to invokers.
 */
export abstract class ToolInvoker {
  abstract invoke(
    tool: ToolRecord,
    args: Record<string, unknown>,
    context: ToolInvocationContext,
  ): Promise<ToolCallResult>;
}

/** A result that reports a failure to the model (isError), with one text block. */
export function toolErrorResult(text: string): ToolCallResult {
  return { content: [{ type: 'text', text }], isError: true };
}
