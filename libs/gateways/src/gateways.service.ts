import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  GatewayConfig,
  GatewayLogger,
  isUniqueViolation,
  maskUpstreamAuth,
  newEntityId,
  openUpstreamAuth,
  SecretBox,
  sealUpstreamAuth,
  toUpstreamAuth,
  TransactionRunner,
  upstreamAuthHeaders,
  type ImportOutcome,
  errorMessage,
} from '@app/common';
import { EventBus, registryEvent, type EventAction } from '@app/events';
import { PromptsService } from '@app/prompts';
import { ResourcesService } from '@app/resources';
import { RootsService } from '@app/roots';
import { ToolsService } from '@app/tools';
import type { GatewayCreateDto, GatewayTransport } from './dto/gateway-create.dto.js';
import type { GatewayUpdateDto } from './dto/gateway-update.dto.js';
import type { GatewayImportDto, GatewayResponseDto } from './dto/gateway-response.dto.js';
import { GatewaysException } from './gateways.exception.js';
import { type GatewayRecord, GatewaysRepository, type NewGatewayRecord } from './gateways.repository.js';
import { UpstreamPool, type UpstreamTarget } from './upstream/upstream-pool.js';
import type { UpstreamCatalog, UpstreamSession } from './upstream/upstream-session.js';

/** Pause that gathers an upstream's burst of list_changed notifications into one refresh. */
const REFRESH_DEBOUNCE_MS = 250;

/** A name as a URL-safe slug: lower-case letters and digits joined by `-`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return slug || 'gateway';
}

/**
 * The upstream registry: registers MCP servers and peer gateways, imports what they offer into the tool,
 * resource and prompt registries (names prefixed by the upstream's slug, ids stable across refreshes), keeps
 * the imports current (refresh, the upstream's list_changed) and removes them with their upstream. Every write
 * of an upstream and its imports is one transaction, and nothing is stored when the upstream cannot be reached.
 */
@Injectable()
export class GatewaysService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly refreshes = new Map<string, NodeJS.Timeout>();
  private stopListening: () => void = () => undefined;

  constructor(
    private readonly gateways: GatewaysRepository,
    private readonly box: SecretBox,
    private readonly config: GatewayConfig,
    private readonly transactions: TransactionRunner,
    private readonly tools: ToolsService,
    private readonly resources: ResourcesService,
    private readonly prompts: PromptsService,
    private readonly roots: RootsService,
    private readonly pool: UpstreamPool,
    private readonly events: EventBus,
    private readonly logger: GatewayLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.pool.attach(
      {
        onListChanged: (id) => this.scheduleRefresh(id),
        onResourceUpdated: (_id, uri) =>
          this.events.publish(registryEvent('resource', 'updated', { uri, upstream: true })),
        roots: async () =>
          (await this.roots.listRoots()).map((r) => ({ uri: r.uri, ...(r.name && { name: r.name }) })),
      },
      async (id) => {
        const gateway = await this.gateways.findById(id);
        return gateway?.isActive ? this.targetOf(gateway) : undefined;
      },
    );
    // Another replica changed an upstream: drop our session if it is gone, or pick up new settings.
    this.stopListening = this.events.subscribe((event) => {
      if (event.entity !== 'gateway' || typeof event.data.id !== 'string') return;
      const id = event.data.id;
      if (event.action === 'deleted' || event.action === 'deactivated') void this.pool.release(id);
      else if (event.action === 'updated')
        void this.gateways
          .findById(id)
          .then((g) => g?.isActive && this.pool.configure(this.targetOf(g)))
          .catch(() => undefined);
    });
  }

  onModuleDestroy(): void {
    this.stopListening();
    for (const timer of this.refreshes.values()) clearTimeout(timer);
  }

  /**
   * Connects to the upstream (detecting its transport when not given), imports everything it lists, and
   * stores both in one transaction. 409 when the name or its slug is taken, 502 when the upstream cannot be
   * reached or initialized (nothing is stored then).
   */
  async createGateway(dto: GatewayCreateDto): Promise<GatewayResponseDto> {
    const slug = slugify(dto.name);
    await this.assertNameFree(dto.name, slug);
    const auth = dto.auth ? toUpstreamAuth(dto.auth) : null;
    const { session, url, transport } = await this.connect(dto.url, upstreamAuthHeaders(auth), dto.transport);
    try {
      const catalog = await this.catalogOf(session);
      const record: NewGatewayRecord = {
        id: newEntityId(),
        name: dto.name,
        slug,
        url,
        description: dto.description ?? null,
        transport,
        capabilities: { ...session.capabilities },
        authType: null,
        authValue: null,
        ...(auth ? sealUpstreamAuth(this.box, auth) : {}),
        isActive: true,
        reachable: true,
        consecutiveFailures: 0,
        lastError: null,
        lastSeen: new Date(),
      };
      const { saved, imported } = await this.store(record, catalog);
      this.pool.adopt(this.targetOf(saved), session);
      return { ...this.announce('created', saved), imported };
    } catch (error) {
      await session.close();
      throw this.nameClash(error, dto.name);
    }
  }

  async listGateways(includeInactive = false): Promise<GatewayResponseDto[]> {
    return (await this.gateways.list({ includeInactive })).map((g) => this.toResponse(g));
  }

  async getGateway(id: string): Promise<GatewayResponseDto> {
    return this.toResponse(await this.require(id));
  }

  /**
   * Applies the changes. An active upstream is reconnected with the new settings and re-imported (names
   * follow a new slug); when the new settings do not connect, nothing changes (502).
   */
  async updateGateway(id: string, dto: GatewayUpdateDto): Promise<GatewayResponseDto> {
    const current = await this.require(id);
    const name = dto.name ?? current.name;
    const slug = dto.name !== undefined ? slugify(dto.name) : current.slug;
    if (name !== current.name || slug !== current.slug) await this.assertNameFree(name, slug, id);
    const auth =
      dto.auth !== undefined ? toUpstreamAuth(dto.auth) : openUpstreamAuth(this.box, current.authValue);
    const next: NewGatewayRecord = {
      ...withoutTimestamps(current),
      name,
      slug,
      url: dto.url ?? current.url,
      transport: dto.transport ?? current.transport,
      description: dto.description !== undefined ? dto.description : (current.description ?? null),
      ...(dto.auth !== undefined && auth ? sealUpstreamAuth(this.box, auth) : {}),
    };
    const reconnect = dto.url !== undefined || dto.transport !== undefined || dto.auth !== undefined;
    if (!current.isActive || (!reconnect && slug === current.slug)) {
      // Nothing to ask the upstream: an inactive one is re-imported when activated.
      const { saved } = await this.store(next);
      return this.announce('updated', saved);
    }
    const { session, url, transport } = reconnect
      ? await this.connect(next.url, upstreamAuthHeaders(auth), dto.transport)
      : { session: await this.pooledSession(current), url: next.url, transport: next.transport };
    try {
      const catalog = await this.catalogOf(session);
      const record: NewGatewayRecord = {
        ...next,
        url,
        transport,
        capabilities: { ...session.capabilities },
        reachable: true,
        consecutiveFailures: 0,
        lastError: null,
        lastSeen: new Date(),
      };
      const { saved, imported } = await this.store(record, catalog);
      if (reconnect) this.pool.adopt(this.targetOf(saved), session);
      return { ...this.announce('updated', saved), imported };
    } catch (error) {
      if (reconnect) await session.close();
      throw this.nameClash(error, name);
    }
  }

  /** Removes the upstream and everything imported from it (they leave every virtual server), atomically. */
  async deleteGateway(id: string): Promise<GatewayResponseDto> {
    const current = await this.require(id);
    const outcomes = await this.transactions.run(async (manager) => {
      const removed = await this.importInto(manager, current, EMPTY_CATALOG);
      await this.gateways.delete(manager, id);
      return removed;
    });
    for (const outcome of outcomes) outcome.publish();
    await this.pool.release(id);
    return this.announce('deleted', current);
  }

  /**
   * (De)activates the upstream and what it imported. Deactivating closes its session; activating reconnects
   * and refreshes, and an upstream that does not answer is activated anyway, marked unreachable.
   */
  async toggleGateway(id: string, activate: boolean): Promise<GatewayResponseDto> {
    const current = await this.require(id);
    if (current.isActive === activate) return this.toResponse(current);
    const saved = await this.gateways.update(id, { isActive: activate });
    if (!saved) throw GatewaysException.notFound(id);
    await this.tools.setImportedState(id, { isActive: activate });
    await this.resources.setImportedActive(id, activate);
    await this.prompts.setImportedActive(id, activate);
    if (!activate) {
      await this.pool.release(id);
      return this.announce('deactivated', saved);
    }
    this.pool.configure(this.targetOf(saved));
    const response = this.announce('activated', saved);
    try {
      return await this.refreshGateway(id);
    } catch (error) {
      await this.recordFailure(saved, error);
      return { ...response, ...this.toResponse((await this.gateways.findById(id)) ?? saved) };
    }
  }

  /** Lists the upstream again and brings the imports up to date. 409 when inactive, 502 when unreachable. */
  async refreshGateway(id: string): Promise<GatewayResponseDto> {
    const current = await this.require(id);
    if (!current.isActive)
      throw new GatewaysException(
        'GATEWAY_INACTIVE',
        `Gateway ${current.name} is inactive; activate it first`,
      );
    const session = await this.pooledSession(current);
    const catalog = await this.catalogOf(session);
    const { saved, imported } = await this.store(
      {
        ...withoutTimestamps(current),
        capabilities: { ...session.capabilities },
        reachable: true,
        consecutiveFailures: 0,
        lastError: null,
        lastSeen: new Date(),
      },
      catalog,
    );
    if (!current.reachable) await this.tools.setImportedState(id, { reachable: true });
    return { ...this.announce('updated', saved), imported };
  }

  /** Stored upstreams with their sealed credentials, for the health monitor and the MCP catalogue. */
  listGatewayRecords(includeInactive = true): Promise<GatewayRecord[]> {
    return this.gateways.list({ includeInactive });
  }

  /** The open session of an active upstream (for forwarding reads, prompts and completions). */
  session(id: string): Promise<UpstreamSession> {
    return this.pool.session(id);
  }

  /**
   * One health check: a ping on the pooled session (reconnecting if needed) within HEALTH_CHECK_TIMEOUT.
   * Success clears the failure count and brings an unreachable upstream back (refreshing its imports);
   * UNHEALTHY_THRESHOLD failures in a row mark it unreachable, so its entities leave MCP listings.
   */
  async checkHealth(gateway: GatewayRecord): Promise<boolean> {
    const timeoutMs = this.config.healthCheckTimeout * 1000;
    try {
      const session = await withTimeout(this.pool.session(gateway.id, true), timeoutMs);
      await session.ping(timeoutMs);
    } catch (error) {
      await this.recordFailure(gateway, error);
      return false;
    }
    if (!gateway.reachable) {
      this.logger.log(`Upstream ${gateway.name} answers again; refreshing its imports`);
      await this.refreshGateway(gateway.id).catch((error: unknown) => this.recordFailure(gateway, error));
    } else {
      const saved = await this.gateways.update(gateway.id, {
        consecutiveFailures: 0,
        lastError: null,
        lastSeen: new Date(),
      });
      if (saved && gateway.consecutiveFailures > 0) this.announce('updated', saved);
    }
    return true;
  }

  toResponse(gateway: GatewayRecord): GatewayResponseDto {
    return {
      id: gateway.id,
      name: gateway.name,
      slug: gateway.slug,
      url: gateway.url,
      description: gateway.description ?? null,
      transport: gateway.transport,
      capabilities: gateway.capabilities ?? null,
      auth: maskUpstreamAuth(this.box, gateway.authValue),
      isActive: gateway.isActive,
      reachable: gateway.reachable,
      consecutiveFailures: gateway.consecutiveFailures,
      lastError: gateway.lastError ?? null,
      lastSeen: gateway.lastSeen ? gateway.lastSeen.toISOString() : null,
      createdAt: gateway.createdAt.toISOString(),
      updatedAt: gateway.updatedAt.toISOString(),
    };
  }

  private async recordFailure(gateway: GatewayRecord, error: unknown): Promise<void> {
    const current = (await this.gateways.findById(gateway.id)) ?? gateway;
    const failures = current.consecutiveFailures + 1;
    const threshold = this.config.unhealthyThreshold;
    const unreachable = current.reachable && threshold !== -1 && failures >= threshold;
    const saved = await this.gateways.update(gateway.id, {
      consecutiveFailures: failures,
      lastError: errorMessage(error).slice(0, 1000),
      ...(unreachable && { reachable: false }),
    });
    if (!saved) return;
    if (unreachable) {
      this.logger.warn(
        `Upstream ${gateway.name} failed ${failures} health checks in a row; marked unreachable`,
      );
      await this.tools.setImportedState(gateway.id, { reachable: false });
      this.announce('updated', saved);
    }
  }

  private scheduleRefresh(id: string): void {
    clearTimeout(this.refreshes.get(id));
    this.refreshes.set(
      id,
      setTimeout(() => {
        this.refreshes.delete(id);
        this.refreshGateway(id).catch((error: unknown) =>
          this.logger.warn(`Refreshing upstream ${id} after list_changed failed: ${errorMessage(error)}`),
        );
      }, REFRESH_DEBOUNCE_MS).unref(),
    );
  }

  private async connect(
    url: string,
    headers: Record<string, string>,
    transport?: string,
  ): Promise<{ session: UpstreamSession; url: string; transport: GatewayTransport }> {
    try {
      return await this.pool.probe(url, headers, transport as GatewayTransport | undefined);
    } catch (error) {
      if (error instanceof GatewaysException || (error as { status?: number }).status === 422) throw error;
      throw new GatewaysException(
        'GATEWAY_CONNECTION_FAILED',
        `Cannot connect to ${url}: ${errorMessage(error)}`,
      );
    }
  }

  private async pooledSession(gateway: GatewayRecord): Promise<UpstreamSession> {
    this.pool.configure(this.targetOf(gateway));
    try {
      return await this.pool.session(gateway.id, true);
    } catch (error) {
      throw new GatewaysException(
        'GATEWAY_CONNECTION_FAILED',
        `Cannot connect to ${gateway.name}: ${errorMessage(error)}`,
      );
    }
  }

  private async catalogOf(session: UpstreamSession): Promise<UpstreamCatalog> {
    try {
      return await session.catalog(this.config.federationTimeout * 1000);
    } catch (error) {
      throw new GatewaysException(
        'GATEWAY_CONNECTION_FAILED',
        `The upstream did not list its catalogue: ${errorMessage(error)}`,
      );
    }
  }

  /** Writes the upstream row and (when given) its imports in one transaction, then publishes their events. */
  private async store(
    record: NewGatewayRecord,
    catalog?: UpstreamCatalog,
  ): Promise<{ saved: GatewayRecord; imported?: GatewayImportDto }> {
    const { saved, outcomes } = await this.transactions.run(async (manager) => {
      const row = await this.gateways.save(manager, record);
      return { saved: row, outcomes: catalog ? await this.importInto(manager, row, catalog) : [] };
    });
    for (const outcome of outcomes) outcome.publish();
    if (!catalog) return { saved };
    const kinds = ['tool', 'resource', 'prompt'];
    const imported: GatewayImportDto = {
      created: sum(outcomes, 'created'),
      updated: sum(outcomes, 'updated'),
      deleted: sum(outcomes, 'deleted'),
      skipped: outcomes.flatMap((o, i) => o.skipped.map((s) => ({ kind: kinds[i], ...s }))),
    };
    for (const skip of imported.skipped)
      this.logger.warn(`Upstream ${saved.name}: ${skip.kind} ${skip.key} not imported (${skip.reason})`);
    return { saved, imported };
  }

  private async importInto(
    manager: EntityManager,
    gateway: GatewayRecord,
    catalog: UpstreamCatalog,
  ): Promise<ImportOutcome[]> {
    const namePrefix = `${gateway.slug}${this.config.gatewayToolNameSeparator}`;
    const tools = await this.tools.syncImportedTools(
      manager,
      { gatewayId: gateway.id, namePrefix, url: gateway.url, transport: gateway.transport },
      catalog.tools.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: t.inputSchema,
        outputSchema: t.outputSchema,
        annotations: t.annotations,
      })),
    );
    const resources = await this.resources.syncImportedResources(manager, gateway.id, [
      ...catalog.resources.map((r) => ({
        uri: r.uri,
        name: r.name,
        description: r.description,
        mimeType: r.mimeType,
        size: r.size,
      })),
      ...catalog.templates.map((t) => ({
        uri: t.uriTemplate,
        uriTemplate: t.uriTemplate,
        name: t.name,
        description: t.description,
        mimeType: t.mimeType,
      })),
    ]);
    const prompts = await this.prompts.syncImportedPrompts(
      manager,
      { gatewayId: gateway.id, namePrefix },
      catalog.prompts,
    );
    return [tools, resources, prompts];
  }

  private targetOf(gateway: GatewayRecord): UpstreamTarget {
    return {
      id: gateway.id,
      name: gateway.name,
      url: gateway.url,
      transport: gateway.transport === 'SSE' ? 'SSE' : 'STREAMABLEHTTP',
      headers: upstreamAuthHeaders(openUpstreamAuth(this.box, gateway.authValue)),
    };
  }

  private async require(id: string): Promise<GatewayRecord> {
    const gateway = await this.gateways.findById(id);
    if (!gateway) throw GatewaysException.notFound(id);
    return gateway;
  }

  private async assertNameFree(name: string, slug: string, except?: string): Promise<void> {
    const clash = await this.gateways.findClash(name, slug);
    if (clash && clash.id !== except)
      throw new GatewaysException(
        'GATEWAY_NAME_CONFLICT',
        clash.name === name
          ? `A gateway named "${name}" already exists (id ${clash.id})`
          : `Gateway "${clash.name}" (id ${clash.id}) already has the slug "${slug}"; choose another name`,
      );
  }

  private nameClash(error: unknown, name: string): unknown {
    return isUniqueViolation(error)
      ? new GatewaysException('GATEWAY_NAME_CONFLICT', `A gateway named "${name}" already exists`)
      : error;
  }

  private announce(action: EventAction, gateway: GatewayRecord): GatewayResponseDto {
    const response = this.toResponse(gateway);
    this.events.publish(registryEvent('gateway', action, { ...response }));
    return response;
  }
}

const EMPTY_CATALOG: UpstreamCatalog = { tools: [], resources: [], templates: [], prompts: [] };

function withoutTimestamps(gateway: GatewayRecord): NewGatewayRecord {
  const { createdAt: _created, updatedAt: _updated, ...rest } = gateway;
  return rest;
}

function sum(outcomes: ImportOutcome[], key: 'created' | 'updated' | 'deleted'): number {
  return outcomes.reduce((total, o) => total + o[key], 0);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
