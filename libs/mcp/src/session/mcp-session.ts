import { randomUUID } from 'node:crypto';
import type { Principal } from '@app/auth';
import { SlotTable, type Cancellation } from '@app/common';
import type { JsonRpcId, JsonRpcMessage } from '../protocol/jsonrpc.js';

export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/** Where a session's server-to-client messages go (an SSE stream, a WebSocket, a pending HTTP response). */
export type OutboundSink = (message: JsonRpcMessage | JsonRpcMessage[]) => void;

/**
 * One MCP session: who is connected, to which scope (the whole catalogue, or one virtual server), with which
 * negotiated version and capabilities, and what it subscribed to. Transports own the wire; this owns the state.
 */
export class McpSession {
  readonly createdAt = Date.now();
  lastSeen = Date.now();
  initialized = false;
  protocolVersion?: string;
  clientInfo?: { name?: string; version?: string };
  clientCapabilities: Record<string, unknown> = {};
  logLevel: LogLevel = 'info';
  private idValue?: string;
  private subscribed?: Set<string>;
  /** Requests in flight, so notifications/cancelled can stop them (and their upstream calls). */
  private inflight?: SlotTable<{ id: JsonRpcId; controller: Cancellation }>;
  /** Where server-initiated messages go; a list (a session has one or two channels at most). */
  private sinks: OutboundSink[] = [];
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

  /** The session's id (made on first use: a session of one request never needs one). */
  get id(): string {
    return (this.idValue ??= randomUUID());
  }

  /** Resource URIs the client subscribed to. */
  get subscriptions(): Set<string> {
    return (this.subscribed ??= new Set());
  }

  /** Notes a request in flight under its id, with the controller that stops it; returns its handle. */
  track(id: JsonRpcId, controller: Cancellation): number {
    return (this.inflight ??= new SlotTable()).add({ id, controller });
  }

  /** The request of {@link track}'s handle has been answered. */
  untrack(handle: number): void {
    this.inflight?.delete(handle);
  }

  /** Stops the request(s) in flight under `id` (notifications/cancelled). */
  cancel(id: JsonRpcId, reason: Error): void {
    for (const request of this.inflight?.values() ?? [])
      if (request.id === id) request.controller.abort(reason);
  }

  /** Attaches a channel for server-initiated messages; returns its detach function. */
  attach(sink: OutboundSink): () => void {
    this.sinks.push(sink);
    return () => {
      const index = this.sinks.indexOf(sink);
      if (index >= 0) this.sinks.splice(index, 1);
    };
  }

  get hasChannel(): boolean {
    return this.sinks.length > 0;
  }

  /** Sends a server-initiated message on every attached channel; dropped when none is open. */
  notify(method: string, params?: Record<string, unknown>): void {
    this.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /** Sends any message (a notification, or a response on transports that answer over the stream). */
  send(message: JsonRpcMessage | JsonRpcMessage[]): void {
    if (this.closed) return;
    // A copy: a sink may detach itself (or another) while the message goes out.
    for (const sink of this.sinks.length === 1 ? this.sinks : [...this.sinks]) sink(message);
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
    if (this.closed || this.sinks.length === 0)
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
    for (const request of this.inflight?.values() ?? [])
      request.controller.abort(new Error('session closed'));
    if (this.awaiting) {
      for (const waiting of this.awaiting.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error('session closed'));
      }
      this.awaiting.clear();
    }
    this.inflight?.clear();
    this.sinks = [];
    const handlers = this.closeHandlers;
    this.closeHandlers = undefined;
    if (handlers) for (const handler of handlers) handler();
  }
}
