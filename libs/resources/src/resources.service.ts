import { performance } from 'node:perf_hooks';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GatewayConfig, importOutcome, isUniqueViolation, type ImportOutcome } from '@app/common';
import { EventBus, registryEvent, type EventAction, type GatewayEvent } from '@app/events';
import { MetricsRecorder } from '@app/metrics';
import type { ResourceCreateDto } from './dto/resource-create.dto.js';
import type { ResourceContentDto, ResourceResponseDto } from './dto/resource-response.dto.js';
import type { ResourceUpdateDto } from './dto/resource-update.dto.js';
import { assertMimeTypeAllowed, detectMimeType } from './mime-type.js';
import {
  assertContentSize,
  contentFromBody,
  contentFromRecord,
  type ResourceContent,
} from './resource-content.js';
import { ResourceContentCache } from './resource-content-cache.js';
import { ResourcesException } from './resources.exception.js';
import { type NewResourceRecord, type ResourceRecord, ResourcesRepository } from './resources.repository.js';

/** What a cached read keeps: the id (for metrics) and the answer, or the upstream that owns the content. */
interface CachedRead {
  id: number;
  contents: ResourceContentDto[];
  gatewayId?: string;
}

/** Reads a resource's contents from the upstream that owns it (set by the lib that holds upstream sessions). */
export type UpstreamResourceReader = (gatewayId: string, uri: string) => Promise<ResourceContentDto[]>;

/** A resource or resource template as an upstream MCP server lists it. */
export interface UpstreamResourceDefinition {
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
  size?: number;
  /** Set for a template (then `uri` is the template too). */
  uriTemplate?: string;
}

/** Largest value of the integer primary key (PostgreSQL `integer`). */
const MAX_ID = 2_147_483_647;

/**
 * The resource registry: create, read, update, delete and (de)activate resources, with MIME detection, size
 * and MIME allow-list checks, an LRU + TTL cache of reads, and a registry event for every change. The cache
 * also forgets a URI when an event about it arrives from another replica.
 */
@Injectable()
export class ResourcesService implements OnModuleInit, OnModuleDestroy {
  private readonly cache: ResourceContentCache<CachedRead>;
  private stopListening: () => void = () => undefined;
  private upstreamReader?: UpstreamResourceReader;

  constructor(
    private readonly resources: ResourcesRepository,
    private readonly config: GatewayConfig,
    private readonly events: EventBus,
    private readonly metrics: MetricsRecorder,
  ) {
    this.cache = new ResourceContentCache({
      max: config.resourceCacheSize,
      ttlMs: config.resourceCacheTtl * 1000,
      // Bounded by bytes too: RESOURCE_CACHE_SIZE entries of up to MAX_RESOURCE_SIZE each could be gigabytes.
      maxBytes: config.resourceCacheMaxBytes,
      sizeOf: (read) =>
        read.contents.reduce((sum, c) => sum + (c.text?.length ?? 0) * 2 + (c.blob?.length ?? 0), 256),
    });
  }

  onModuleInit(): void {
    this.stopListening = this.events.subscribe((event) => this.forgetChanged(event));
  }

  onModuleDestroy(): void {
    this.stopListening();
  }

  async createResource(dto: ResourceCreateDto): Promise<ResourceResponseDto> {
    const content = contentFromBody(dto);
    const template = dto.template || null;
    if (!content && !template)
      throw new ResourcesException(
        'RESOURCE_INVALID',
        'A resource needs content (text), blob (base64) or a URI template',
      );
    const size = content ? assertContentSize(content, this.config.maxResourceSize) : 0;
    const mimeType = dto.mimeType ?? detectMimeType(dto.uri, content) ?? null;
    if (mimeType) assertMimeTypeAllowed(mimeType, this.config.allowedMimeTypes);
    await this.assertUriFree(dto.uri);

    const record: NewResourceRecord = {
      uri: dto.uri,
      name: dto.name,
      description: dto.description ?? null,
      mimeType,
      uriTemplate: template,
      ...storedContent(content),
      size,
      gatewayId: null,
      isActive: true,
    };
    const saved = await this.write(() => this.resources.insert(record), dto.uri);
    return this.announce('created', saved);
  }

  /** Resources for listings (no content), oldest first; inactive ones only when asked. */
  async listResources(includeInactive = false): Promise<ResourceResponseDto[]> {
    return (await this.resources.list({ includeInactive })).map((r) => this.toResponse(r));
  }

  /** The resource with this URI, active or not (404 when there is none). */
  async getResource(uri: string): Promise<ResourceResponseDto> {
    return this.toResponse(await this.requireByUri(uri));
  }

  /** Sets who reads the content of imported resources from their upstream. */
  setUpstreamReader(reader: UpstreamResourceReader): void {
    this.upstreamReader = reader;
  }

  /**
   * The content of an active resource, `{type: 'resource', uri, mimeType, text | blob}`: what GET
   * /resources/{uri} answers (the first part, for an upstream resource of several). 404 when the URI is
   * unknown, inactive or a template without content.
   */
  async readResource(uri: string): Promise<ResourceContentDto> {
    return (await this.readResourceContents(uri))[0];
  }

  /**
   * Every part of an active resource's content, as MCP resources/read answers. Stored content is served from
   * the cache when possible; an imported resource is read from its upstream each time (the cache only
   * remembers which upstream owns it). Every read of a known resource is counted in the metrics.
   */
  async readResourceContents(uri: string): Promise<ResourceContentDto[]> {
    const started = performance.now();
    let id: number | undefined;
    try {
      const read = await this.cache.getOrLoad(uri, async () => {
        const record = await this.resources.findByUri(uri);
        if (!record) throw ResourcesException.notFound(uri);
        id = record.id;
        if (record.gatewayId && !record.uriTemplate) {
          assertActive(record);
          return { id: record.id, contents: [], gatewayId: record.gatewayId };
        }
        return { id: record.id, contents: [this.toContent(record)] };
      });
      id = read.id;
      const contents = read.gatewayId ? await this.readUpstreamResource(read.gatewayId, uri) : read.contents;
      this.metrics.record('resource', String(read.id), performance.now() - started, true);
      return contents.map((c) => ({ ...c }));
    } catch (error) {
      if (id !== undefined) this.metrics.record('resource', String(id), performance.now() - started, false);
      throw error;
    }
  }

  /** Reads a URI from an upstream (an imported resource, or a URI of an imported template). */
  async readUpstreamResource(gatewayId: string, uri: string): Promise<ResourceContentDto[]> {
    if (!this.upstreamReader)
      throw new ResourcesException('RESOURCE_UPSTREAM_UNAVAILABLE', `No upstream reader for resource ${uri}`);
    return this.upstreamReader(gatewayId, uri);
  }

  /**
   * Makes the resources and templates imported from one upstream match its listing, inside the caller's
   * transaction. Their content stays with the upstream; a URI that another owner holds is skipped.
   */
  async syncImportedResources(
    manager: EntityManager,
    gatewayId: string,
    resources: UpstreamResourceDefinition[],
  ): Promise<ImportOutcome> {
    const rows = resources.map((r): NewResourceRecord => ({
      uri: r.uri,
      name: r.name,
      description: r.description ?? null,
      mimeType: r.mimeType ?? null,
      uriTemplate: r.uriTemplate ?? null,
      textContent: null,
      binaryContent: null,
      size: r.size !== undefined && Number.isSafeInteger(r.size) && r.size >= 0 ? r.size : 0,
      gatewayId,
      isActive: true,
    }));
    const change = await this.resources.syncImported(manager, gatewayId, rows);
    return importOutcome(change, (action, resource) => this.announce(action, resource));
  }

  /** (De)activates every resource of one upstream, with an event for each that changed. */
  async setImportedActive(gatewayId: string, isActive: boolean): Promise<void> {
    for (const resource of await this.resources.updateImported(gatewayId, { isActive }))
      this.announce('updated', resource);
  }

  async updateResource(uri: string, dto: ResourceUpdateDto): Promise<ResourceResponseDto> {
    const current = await this.requireByUri(uri);
    const content = contentFromBody(dto);
    const size = content ? assertContentSize(content, this.config.maxResourceSize) : current.size;
    const currentContent = contentFromRecord(current);
    const nextContent = content ?? currentContent;
    const template = dto.template !== undefined ? dto.template || null : (current.uriTemplate ?? null);
    if (!nextContent && !template)
      throw new ResourcesException(
        'RESOURCE_INVALID',
        'A resource needs content (text), blob (base64) or a URI template; this update would leave none',
      );

    // A declared or detected type is kept while the kind of content stays; new content of the other kind,
    // or `mimeType: null`, detects it again.
    let mimeType = current.mimeType ?? null;
    if (typeof dto.mimeType === 'string') mimeType = dto.mimeType;
    else if (
      dto.mimeType === null ||
      (content && (mimeType === null || content.kind !== currentContent?.kind))
    )
      mimeType = detectMimeType(uri, nextContent) ?? null;
    if (mimeType && mimeType !== current.mimeType)
      assertMimeTypeAllowed(mimeType, this.config.allowedMimeTypes);

    const changes: Partial<NewResourceRecord> = {
      mimeType,
      uriTemplate: template,
      ...(typeof dto.name === 'string' && { name: dto.name }),
      ...(dto.description !== undefined && { description: dto.description }),
      ...(content && { ...storedContent(content), size }),
    };
    const saved = await this.resources.update(current.id, changes);
    if (!saved) throw ResourcesException.notFound(uri);
    this.cache.invalidate(uri);
    return this.announce('updated', saved);
  }

  async deleteResource(uri: string): Promise<ResourceResponseDto> {
    const current = await this.requireByUri(uri);
    if (!(await this.resources.delete(current.id))) throw ResourcesException.notFound(uri);
    this.cache.invalidate(uri);
    return this.announce('deleted', current);
  }

  async toggleResource(id: number, activate: boolean): Promise<ResourceResponseDto> {
    const current = await this.requireById(id);
    if (current.isActive === activate) return this.toResponse(current);
    const saved = await this.resources.update(id, { isActive: activate });
    if (!saved) throw ResourcesException.notFound(id);
    this.cache.invalidate(saved.uri);
    return this.announce(activate ? 'activated' : 'deactivated', saved);
  }

  /**
   * Calls `listener` with every registry event about the resource with this URI (updated, deleted,
   * activated, deactivated, and created again after a delete), from this replica or another.
   * Returns the function that stops listening.
   */
  watchResource(uri: string, listener: (event: GatewayEvent) => void): () => void {
    return this.events.subscribe((event) => {
      if (event.entity === 'resource' && event.data.uri === uri) listener(event);
    });
  }

  /** The resources with these ids, in the order asked; throws 404 naming the ids that do not exist. */
  async requireResources(ids: number[]): Promise<ResourceRecord[]> {
    const valid = [...new Set(ids.filter(isStoredId))];
    const found = await this.resources.findByIds(valid);
    const byId = new Map(found.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new ResourcesException('RESOURCE_NOT_FOUND', `Resource not found: ${missing.join(', ')}`);
    return ids.map((id) => byId.get(id) as ResourceRecord);
  }

  /** A resource as the API lists it: metadata without content. */
  toResponse(resource: ResourceRecord): ResourceResponseDto {
    return {
      id: resource.id,
      uri: resource.uri,
      name: resource.name,
      description: resource.description ?? null,
      mimeType: resource.mimeType ?? null,
      template: resource.uriTemplate ?? null,
      size: resource.size,
      isActive: resource.isActive,
      gatewayId: resource.gatewayId ?? null,
      createdAt: resource.createdAt.toISOString(),
      updatedAt: resource.updatedAt.toISOString(),
    };
  }

  private toContent(resource: ResourceRecord): ResourceContentDto {
    assertActive(resource);
    const content = contentFromRecord(resource);
    if (!content)
      throw new ResourcesException(
        'RESOURCE_NO_CONTENT',
        `Resource ${resource.uri} is a URI template (${resource.uriTemplate ?? ''}) with no stored content`,
      );
    const base = { type: 'resource' as const, uri: resource.uri, mimeType: resource.mimeType ?? null };
    return content.kind === 'text' ? { ...base, text: content.text } : { ...base, blob: content.base64 };
  }

  private forgetChanged(event: GatewayEvent): void {
    if (event.entity !== 'resource') return;
    if (typeof event.data.uri === 'string') this.cache.invalidate(event.data.uri);
    else this.cache.clear();
  }

  private async requireByUri(uri: string): Promise<ResourceRecord> {
    const resource = await this.resources.findByUri(uri);
    if (!resource) throw ResourcesException.notFound(uri);
    return resource;
  }

  private async requireById(id: number): Promise<ResourceRecord> {
    const resource = isStoredId(id) ? await this.resources.findById(id) : null;
    if (!resource) throw ResourcesException.notFound(id);
    return resource;
  }

  private async assertUriFree(uri: string): Promise<void> {
    const existing = await this.resources.findByUri(uri);
    if (existing) throw uriConflict(uri, existing.id);
  }

  /** Runs a write; a unique-constraint race with another request becomes the same 409 as the pre-check. */
  private async write<T>(work: () => Promise<T>, uri: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw uriConflict(uri);
      throw error;
    }
  }

  private announce(action: EventAction, resource: ResourceRecord): ResourceResponseDto {
    const response = this.toResponse(resource);
    this.events.publish(registryEvent('resource', action, { ...response }));
    return response;
  }
}

function assertActive(resource: ResourceRecord): void {
  if (!resource.isActive)
    throw new ResourcesException(
      'RESOURCE_NOT_FOUND',
      `Resource ${resource.uri} is inactive (activate it with POST /resources/${resource.id}/toggle?activate=true)`,
    );
}

function storedContent(
  content: ResourceContent | undefined,
): Pick<NewResourceRecord, 'textContent' | 'binaryContent'> {
  return {
    textContent: content?.kind === 'text' ? content.text : null,
    binaryContent: content?.kind === 'binary' ? content.base64 : null,
  };
}

function uriConflict(uri: string, id?: number): ResourcesException {
  return new ResourcesException(
    'RESOURCE_URI_CONFLICT',
    `A resource with URI ${uri} already exists${id === undefined ? '' : ` (id ${id})`}`,
  );
}

function isStoredId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID;
}
