import { randomUUID } from 'node:crypto';
import type { Principal } from '@app/auth';
import type { Cancellation } from '@app/common';
import type { JsonRpcId, JsonRpcMessage } from '../protocol/jsonrpc.js';

export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/** Where a session's server-to-client messages go (an SSE stream, a WebSocket, a pending HTTP response). */
export type OutboundSink = (message: JsonRpcMessage | JsonRpcMessage[]) => void;

/**
 * One MCP session: who is connected, to which scope (the whole catalogue, or one virtual server), with which
 * negotiated version and capabilities, and what it subscribed to. Transports own the wire; this owns the state.
 */
export class McpSession {
  readonly id = randomUUID();
  readonly createdAt = Date.now();
  lastSeen = Date.now();
  initialized = false;
  protocolVersion?: string;
  clientInfo?: { name?: string; version?: string };
  clientCapabilities: Record<string, unknown> = {};
  logLevel: LogLevel = 'info';
  readonly subscriptions = new Set<string>();
  /** Requests in flight, so notifications/cancelled can stop them (and their upstream calls). */
  readonly inflight = new Map<JsonRpcId, Cancellation>();
  private sinks = new Set<OutboundSink>();
  private nextRequestId = 0;
  /** Requests sent to the client, by id; made on the first (most sessions never send one). */
  private awaiting?: Map<
    string,
    {
      resolve: (result: Record<string, unknown>) => void;
      reject: (error: Error) => void;
      timer: NodeJS.Timeout;
    }
  >;
  private closeHandlers?: (() => void)[];
  closed = false;

  constructor(
    /** null: the whole catalogue; otherwise the id of a virtual server. */
    readonly serverId: string | null,
    readonly principal: Principal,
  ) {}

  /** Attaches a channel for server-initiated messages; returns its detach function. */
  attach(sink: OutboundSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  get hasChannel(): boolean {
    return this.sinks.size > 0;
  }

  /** Sends a server-initiated message on every attached channel; dropped when none is open. */
  notify(method: string, params?: Record<string, unknown>): void {
    this.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /** Sends any message (a notification, or a response on transports that answer over the stream). */
  send(message: JsonRpcMessage | JsonRpcMessage[]): void {
    if (this.closed) return;
    for (const sink of this.sinks) sink(message);
  }

  /**
   * Sends a server-initiated request (sampling/createMessage, elicitation/create, roots/list) to the client and
   * waits for its answer. Rejects when nothing can carry it, on timeout, or when the client answers an error.
   */
  request(
    method: string,
    params: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<Record<string, unknown>> {
    if (this.closed || this.sinks.size === 0)
      return Promise.reject(new Error('the client has no open stream'));
    const id = `gw-${++this.nextRequestId}`;
    const awaiting = (this.awaiting ??= new Map());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        awaiting.delete(id);
        reject(new Error(`the client did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      awaiting.set(id, { resolve, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Routes a client's answer to the server-initiated request it belongs to; false when it matches none. */
  receiveResponse(message: {
    id: unknown;
    result?: Record<string, unknown>;
    error?: { code: number; message: string };
  }): boolean {
    const waiting = typeof message.id === 'string' ? this.awaiting?.get(message.id) : undefined;
    if (!waiting) return false;
    this.awaiting!.delete(message.id as string);
    clearTimeout(waiting.timer);
    if (message.error) waiting.reject(new Error(`${message.error.message} (${message.error.code})`));
    else waiting.resolve(message.result ?? {});
    return true;
  }

  onClose(handler: () => void): void {
    (this.closeHandlers ??= []).push(handler);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const controller of this.inflight.values()) controller.abort(new Error('session closed'));
    if (this.awaiting) {
      for (const waiting of this.awaiting.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error('session closed'));
      }
      this.awaiting.clear();
    }
    this.inflight.clear();
    this.sinks.clear();
    const handlers = this.closeHandlers;
    this.closeHandlers = undefined;
    if (handlers) for (const handler of handlers) handler();
  }
}
