import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EventBus } from '@app/events';
import { GatewaysService } from '@app/gateways';
import { PromptsService, type PromptResponseDto } from '@app/prompts';
import { ResourcesService, type ResourceResponseDto } from '@app/resources';
import { ServersService } from '@app/servers';
import { ToolsService, type ToolRecord } from '@app/tools';

/** What one scope (the whole catalogue, or one virtual server) exposes over MCP. */
export interface CatalogView {
  /** Active, reachable tools by exposed name. */
  tools: Map<string, ToolRecord>;
  /** Active resources with fixed content, by URI. */
  resources: Map<string, ResourceResponseDto>;
  /** Active resources that are URI templates. */
  templates: ResourceResponseDto[];
  /** Active prompts by name. */
  prompts: Map<string, PromptResponseDto>;
  /** The virtual server's name (undefined for the whole catalogue). */
  name?: string;
}

interface Snapshot {
  all: CatalogView;
  servers: Map<string, CatalogView>;
}

export type CatalogList = 'tools' | 'resources' | 'prompts';
export interface CatalogChange {
  scope: string | null;
  lists: CatalogList[];
}

/**
 * The MCP side's in-memory view of the registries. MCP requests read it without touching the database; any
 * registry event (from this replica or, through Redis, another) marks it stale, and the next read rebuilds it
 * once. After a rebuild, scopes whose listings changed are reported so sessions can send list_changed.
 */
@Injectable()
export class McpCatalog implements OnModuleDestroy {
  private snapshot?: Snapshot;
  private building?: Promise<Snapshot>;
  /** Counts registry changes; the snapshot is current when it was built at the latest count. */
  private version = 0;
  private builtVersion = -1;
  private readonly listeners = new Set<(changes: CatalogChange[]) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly tools: ToolsService,
    private readonly resources: ResourcesService,
    private readonly prompts: PromptsService,
    private readonly servers: ServersService,
    private readonly gateways: GatewaysService,
    events: EventBus,
  ) {
    this.unsubscribe = events.subscribe((event) => {
      if (event.entity === 'root') return;
      this.version++;
      // Rebuild soon even if nobody reads, so connected sessions hear list_changed.
      setImmediate(() => void this.current().catch(() => undefined));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** The view of a scope: null for the whole catalogue, or a virtual server id (undefined when unknown/inactive). */
  async view(serverId: string | null): Promise<CatalogView | undefined> {
    const snapshot = await this.current();
    return serverId === null ? snapshot.all : snapshot.servers.get(serverId);
  }

  /**
   * The same as {@link view}, but without a promise when the snapshot is current (every request of the data path
   * but the first after a change).
   */
  viewOf(serverId: string | null): CatalogView | undefined | Promise<CatalogView | undefined> {
    const snapshot = this.snapshot;
    if (!snapshot || this.builtVersion !== this.version) return this.view(serverId);
    return serverId === null ? snapshot.all : snapshot.servers.get(serverId);
  }

  onChange(listener: (changes: CatalogChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The snapshot, rebuilt when a change arrived since it was built. A read that arrives while a rebuild is
   * under way waits for it, and for one more if a change arrived after that rebuild had started (so a
   * virtual server created just before a request is never missing from the answer).
   */
  private async current(): Promise<Snapshot> {
    for (;;) {
      if (this.snapshot && this.builtVersion === this.version) return this.snapshot;
      if (!this.building) {
        const version = this.version;
        this.building = this.build()
          .then((next) => {
            const previous = this.snapshot;
            this.snapshot = next;
            this.builtVersion = version;
            if (previous) this.report(previous, next);
            return next;
          })
          .finally(() => {
            this.building = undefined;
          });
      }
      const built = await this.building;
      if (this.builtVersion === this.version) return built;
    }
  }

  private async build(): Promise<Snapshot> {
    const [allTools, allResources, allPrompts, servers, upstreams] = await Promise.all([
      this.tools.listToolRecords(false),
      this.resources.listResources(false),
      this.prompts.listPrompts(false),
      this.servers.listServerRecords(false),
      this.gateways.listGatewayRecords(true),
    ]);
    // What an inactive or unreachable upstream offers leaves the listings until it is back.
    const offline = new Set(upstreams.filter((g) => !g.isActive || !g.reachable).map((g) => g.id));
    const online = (entity: { gatewayId?: string | null }) =>
      !entity.gatewayId || !offline.has(entity.gatewayId);
    const reachable = allTools.filter((t) => t.reachable && online(t));
    const resources = allResources.filter(online);
    const prompts = allPrompts.filter(online);
    const all = view(undefined, reachable, resources, prompts);
    const toolsById = new Map(reachable.map((t) => [t.id, t]));
    const resourcesById = new Map(resources.map((r) => [r.id, r]));
    const promptsById = new Map(prompts.map((p) => [p.id, p]));
    const present = <T>(value: T | undefined): value is T => value !== undefined;
    const views = new Map<string, CatalogView>();
    for (const server of servers) {
      views.set(
        server.id,
        view(
          server.name,
          server.toolIds.map((id) => toolsById.get(id)).filter(present),
          server.resourceIds.map((id) => resourcesById.get(id)).filter(present),
          server.promptIds.map((id) => promptsById.get(id)).filter(present),
        ),
      );
    }
    return { all, servers: views };
  }

  private report(previous: Snapshot, next: Snapshot): void {
    const changes: CatalogChange[] = [];
    const ids = new Set([...previous.servers.keys(), ...next.servers.keys()]);
    const scopes: [string | null, CatalogView | undefined, CatalogView | undefined][] = [
      [null, previous.all, next.all],
      ...[...ids].map((id): [string, CatalogView | undefined, CatalogView | undefined] => [
        id,
        previous.servers.get(id),
        next.servers.get(id),
      ]),
    ];
    for (const [scope, before, after] of scopes) {
      const lists = (['tools', 'resources', 'prompts'] as const).filter(
        (list) => fingerprint(before, list) !== fingerprint(after, list),
      );
      if (lists.length > 0) changes.push({ scope, lists });
    }
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(changes);
  }
}

function view(
  name: string | undefined,
  tools: ToolRecord[],
  resources: ResourceResponseDto[],
  prompts: PromptResponseDto[],
): CatalogView {
  return {
    name,
    tools: new Map(tools.map((t) => [t.name, t])),
    resources: new Map(resources.filter((r) => !r.template).map((r) => [r.uri, r])),
    templates: resources.filter((r) => r.template),
    prompts: new Map(prompts.map((p) => [p.name, p])),
  };
}

/** What a listing shows of a scope, as text: two equal fingerprints mean no list_changed is due. */
function fingerprint(scope: CatalogView | undefined, list: CatalogList): string {
  if (!scope) return 'null';
  switch (list) {
    case 'tools':
      return JSON.stringify(
        [...scope.tools.values()].map((t) => [
          t.name,
          t.description,
          t.inputSchema,
          t.outputSchema,
          t.annotations,
        ]),
      );
    case 'resources':
      return JSON.stringify(
        [...scope.resources.values(), ...scope.templates].map((r) => [
          r.uri,
          r.name,
          r.description,
          r.mimeType,
          r.template,
        ]),
      );
    case 'prompts':
      return JSON.stringify([...scope.prompts.values()].map((p) => [p.name, p.description, p.arguments]));
  }
}
