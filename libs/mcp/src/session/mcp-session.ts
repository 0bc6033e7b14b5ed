import { randomUUID } from 'node:crypto';
import type { Principal } from '@app/auth';
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
  readonly inflight = new Map<JsonRpcId, AbortController>();
  private sinks = new Set<OutboundSink>();
  private closeHandlers: (() => void)[] = [];
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

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const controller of this.inflight.values()) controller.abort(new Error('session closed'));
    this.inflight.clear();
    this.sinks.clear();
    for (const handler of this.closeHandlers.splice(0)) handler();
  }
}
