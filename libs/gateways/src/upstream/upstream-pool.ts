import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'undici';
import { appInfo, GatewayConfig, GatewayLogger, OutboundGuard, errorMessage } from '@app/common';
import { UpstreamUnavailableError } from './upstream-errors.js';
import {
  UpstreamSession,
  type UpstreamSessionHooks,
  type UpstreamTransportKind,
} from './upstream-session.js';

/** How to reach one registered upstream. */
export interface UpstreamTarget {
  id: string;
  name: string;
  url: string;
  transport: UpstreamTransportKind;
  /** Credentials and custom headers, in clear (they stay in memory). */
  headers: Record<string, string>;
}

/** What the pool reports about an upstream to the lib that owns the registrations. */
export interface UpstreamPoolListener {
  onListChanged(gatewayId: string, list: 'tools' | 'resources' | 'prompts'): void;
  onResourceUpdated(gatewayId: string, uri: string): void;
  roots(): Promise<{ uri: string; name?: string }[]>;
}

interface Entry {
  target: UpstreamTarget;
  session?: UpstreamSession;
  opening?: Promise<UpstreamSession>;
  /** Failed attempts in a row; decides the backoff. */
  failures: number;
  retryAt: number;
  lastError?: string;
  reconnect?: NodeJS.Timeout;
}

/** A session is replaced after this long, so an upstream that keeps a session's history can let it go. */
const RECYCLE_AFTER_MS = 10 * 60_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

/**
 * One long-lived, initialized session per registered upstream, shared by every client; opened on first use,
 * reopened with exponential backoff when it drops, replaced (the old one closed once idle) every
 * RECYCLE_AFTER_MS. Connections come from one undici keep-alive pool per origin, behind the outbound guard.
 */
@Injectable()
export class UpstreamPool implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly dispatchers = new Map<string, Pool>();
  private listener?: UpstreamPoolListener;
  private resolver?: (id: string) => Promise<UpstreamTarget | undefined>;
  private stopped = false;

  constructor(
    private readonly config: GatewayConfig,
    private readonly guard: OutboundGuard,
    private readonly logger: GatewayLogger,
  ) {}

  /** Who hears about list changes, and who knows targets this replica has not seen (set once by the owner). */
  attach(
    listener: UpstreamPoolListener,
    resolver: (id: string) => Promise<UpstreamTarget | undefined>,
  ): void {
    this.listener = listener;
    this.resolver = resolver;
  }

  /** Adds or replaces a target; a changed address or credentials closes the old session. */
  configure(target: UpstreamTarget): void {
    const entry = this.entries.get(target.id);
    if (entry && sameTarget(entry.target, target)) {
      entry.target = target;
      return;
    }
    if (entry) void this.drop(entry);
    this.entries.set(target.id, { target, failures: 0, retryAt: 0 });
  }

  /** Closes and forgets an upstream's session (deleted or deactivated). */
  async release(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    await this.drop(entry);
  }

  /**
   * The open session of an upstream, opening one when needed. During the backoff after failures it fails at
   * once (UpstreamUnavailableError), unless `force` (health checks probe regardless).
   */
  async session(id: string, force = false): Promise<UpstreamSession> {
    const entry = this.entries.get(id) ?? (await this.resolve(id));
    const current = this.openSession(entry);
    if (current) return current;
    if (entry.opening) return entry.opening;
    if (!force && Date.now() < entry.retryAt)
      throw new UpstreamUnavailableError(
        `upstream ${entry.target.name} is unreachable (${entry.lastError ?? 'no answer'}); ` +
          `next attempt in ${Math.ceil((entry.retryAt - Date.now()) / 1000)} s`,
      );
    return this.open(entry);
  }

  /** The open session of an upstream, without waiting, or undefined when {@link session} has work to do. */
  ready(id: string): UpstreamSession | undefined {
    const entry = this.entries.get(id);
    return entry && this.openSession(entry);
  }

  private openSession(entry: Entry): UpstreamSession | undefined {
    const current = entry.session;
    if (!current?.isOpen) return undefined;
    if (Date.now() - current.openedAt > RECYCLE_AFTER_MS && !entry.opening) void this.recycle(entry);
    return current;
  }

  /**
   * Opens a session to an upstream that is not (yet) registered, for discovery; the caller closes it. With no
   * transport given, Streamable HTTP and HTTP+SSE are tried in turn (and `/mcp`, `/sse` under a bare origin).
   */
  async probe(
    url: string,
    headers: Record<string, string>,
    transport?: UpstreamTransportKind,
  ): Promise<{ session: UpstreamSession; url: string; transport: UpstreamTransportKind }> {
    const base = this.guard.checkUrl(url);
    const candidates = probeCandidates(base, transport);
    const failures: string[] = [];
    for (const candidate of candidates) {
      try {
        const session = await this.connect(candidate.url, candidate.transport, headers);
        return { session, url: candidate.url.toString(), transport: candidate.transport };
      } catch (error) {
        failures.push(`${candidate.transport} ${candidate.url.toString()}: ${errorMessage(error)}`);
      }
    }
    throw new UpstreamUnavailableError(failures.join('; '));
  }

  /** Adopts a probed session as the pooled one of a registered upstream. */
  adopt(target: UpstreamTarget, session: UpstreamSession): void {
    this.configure(target);
    const entry = this.entries.get(target.id) as Entry;
    entry.session?.retire();
    entry.session = session;
    this.watch(entry, session);
  }

  /** The last connection failure of an upstream, if its latest attempt failed. */
  lastError(id: string): string | undefined {
    return this.entries.get(id)?.lastError;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.entries.values()].map((entry) => this.drop(entry)));
    this.entries.clear();
    await Promise.all([...this.dispatchers.values()].map((pool) => pool.close().catch(() => undefined)));
  }

  private async resolve(id: string): Promise<Entry> {
    const target = await this.resolver?.(id);
    if (!target) throw new UpstreamUnavailableError(`upstream ${id} is not registered or not active`);
    if (!this.entries.has(id)) this.configure(target);
    return this.entries.get(id) as Entry;
  }

  private open(entry: Entry): Promise<UpstreamSession> {
    const { target } = entry;
    const opening = this.connect(new URL(target.url), target.transport, target.headers, target.id)
      .then((session) => {
        if (this.entries.get(target.id) !== entry || this.stopped) {
          void session.close();
          throw new UpstreamUnavailableError(`upstream ${target.name} was removed while connecting`);
        }
        entry.session?.retire();
        entry.session = session;
        entry.failures = 0;
        entry.retryAt = 0;
        entry.lastError = undefined;
        this.watch(entry, session);
        return session;
      })
      .catch((error: unknown) => {
        entry.failures++;
        entry.lastError = errorMessage(error);
        entry.retryAt = Date.now() + Math.min(BACKOFF_BASE_MS * 2 ** (entry.failures - 1), BACKOFF_CAP_MS);
        throw error instanceof UpstreamUnavailableError
          ? error
          : new UpstreamUnavailableError(`cannot connect to upstream ${target.name}: ${errorMessage(error)}`);
      })
      .finally(() => {
        if (entry.opening === opening) entry.opening = undefined;
      });
    entry.opening = opening;
    return opening;
  }

  private async recycle(entry: Entry): Promise<void> {
    await this.open(entry).catch(() => undefined);
  }

  /** When a pooled session is lost, reopen it after the backoff so the upstream's notifications keep coming. */
  private watch(entry: Entry, session: UpstreamSession): void {
    session.hooks = this.hooksFor(entry.target.id);
    session.onLost = () => {
      if (entry.session !== session || this.stopped || this.entries.get(entry.target.id) !== entry) return;
      entry.session = undefined;
      entry.failures++;
      entry.lastError = 'the upstream closed the session';
      const delay = Math.min(BACKOFF_BASE_MS * 2 ** (entry.failures - 1), BACKOFF_CAP_MS);
      entry.retryAt = Date.now() + delay;
      clearTimeout(entry.reconnect);
      entry.reconnect = setTimeout(() => {
        if (this.entries.get(entry.target.id) !== entry || entry.session || entry.opening) return;
        this.open(entry).catch(() => undefined);
      }, delay).unref();
      this.logger.warn(`Upstream ${entry.target.name} dropped its session; reconnecting in ${delay} ms`);
    };
  }

  private async drop(entry: Entry): Promise<void> {
    clearTimeout(entry.reconnect);
    const sessions = [entry.session, await entry.opening?.catch(() => undefined)];
    entry.session = undefined;
    await Promise.all(sessions.map((s) => (s ? s.close() : Promise.resolve())));
  }

  private connect(
    url: URL,
    transport: UpstreamTransportKind,
    headers: Record<string, string>,
    gatewayId?: string,
  ): Promise<UpstreamSession> {
    return UpstreamSession.open({
      kind: transport,
      endpoint: { url, headers, dispatcher: this.dispatcherFor(url) },
      connectTimeoutMs: this.config.healthCheckTimeout * 1000,
      requestTimeoutMs: this.config.toolTimeout * 1000 + 5000,
      clientInfo: { name: this.config.appName, version: appInfo().version },
      hooks: this.hooksFor(gatewayId),
    });
  }

  private hooksFor(gatewayId: string | undefined): UpstreamSessionHooks {
    return {
      roots: () => this.listener?.roots() ?? Promise.resolve([]),
      ...(gatewayId && {
        onListChanged: (list) => this.listener?.onListChanged(gatewayId, list),
        onResourceUpdated: (uri) => this.listener?.onResourceUpdated(gatewayId, uri),
      }),
    };
  }

  private dispatcherFor(url: URL): Pool {
    let pool = this.dispatchers.get(url.origin);
    if (!pool) {
      pool = new Pool(url.origin, {
        connections: 128,
        keepAliveTimeout: 30_000,
        // Streams (answers, notifications) may be silent for long; calls have their own timeouts and signals.
        headersTimeout: 0,
        bodyTimeout: 0,
        connect: this.guard.connectOptions(),
      });
      this.dispatchers.set(url.origin, pool);
    }
    return pool;
  }
}

function sameTarget(a: UpstreamTarget, b: UpstreamTarget): boolean {
  return (
    a.url === b.url && a.transport === b.transport && JSON.stringify(a.headers) === JSON.stringify(b.headers)
  );
}

/** The (url, transport) pairs to try, most likely first. */
function probeCandidates(
  url: URL,
  transport?: UpstreamTransportKind,
): { url: URL; transport: UpstreamTransportKind }[] {
  const sseFirst = /\/sse\/?$/.test(url.pathname);
  const kinds: UpstreamTransportKind[] = transport
    ? [transport]
    : sseFirst
      ? ['SSE', 'STREAMABLEHTTP']
      : ['STREAMABLEHTTP', 'SSE'];
  const candidates = kinds.map((kind) => ({ url, transport: kind }));
  if (!transport && (url.pathname === '/' || url.pathname === '')) {
    candidates.push({ url: new URL('/mcp', url), transport: 'STREAMABLEHTTP' });
    candidates.push({ url: new URL('/sse', url), transport: 'SSE' });
  }
  return candidates;
}
