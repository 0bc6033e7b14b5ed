import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { McpSession } from './mcp-session.js';

const IDLE_LIMIT_MS = 30 * 60_000;
const SWEEP_EVERY_MS = 60_000;

/** The live MCP sessions of this process; idle ones (no request, no open stream) expire after 30 minutes. */
@Injectable()
export class SessionRegistry implements OnApplicationShutdown {
  private readonly sessions = new Map<string, McpSession>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();

  create(serverId: string | null, principal: Principal): McpSession {
    const session = new McpSession(serverId, principal);
    this.sessions.set(session.id, session);
    session.onClose(() => this.sessions.delete(session.id));
    return session;
  }

  /**
   * A session that lives for one HTTP request (stateless Streamable HTTP, /rpc): not registered, since nothing
   * can address it by id (no later request names it, no stream outlives the request).
   */
  transient(serverId: string | null, principal: Principal): McpSession {
    return new McpSession(serverId, principal);
  }

  get(id: string): McpSession | undefined {
    const session = this.sessions.get(id);
    if (session) session.lastSeen = Date.now();
    return session;
  }

  all(): IterableIterator<McpSession> {
    return this.sessions.values();
  }

  get size(): number {
    return this.sessions.size;
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
    for (const session of [...this.sessions.values()]) session.close();
  }

  private sweep(): void {
    const cutoff = Date.now() - IDLE_LIMIT_MS;
    for (const session of [...this.sessions.values()]) {
      if (!session.hasChannel && session.lastSeen < cutoff) session.close();
    }
  }
}
