import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  importOutcome,
  isUniqueViolation,
  type ImportOutcome,
  JsonSchemaValidator,
  maskUpstreamAuth,
  newEntityId,
  OutboundGuard,
  SecretBox,
  sealUpstreamAuth,
  toUpstreamAuth,
} from '@app/common';
import { EventBus, registryEvent, type EventAction } from '@app/events';
import { MCP_TRANSPORTS, REST_METHODS, type ToolCreateDto } from './dto/tool-create.dto.js';
import type { ToolUpdateDto } from './dto/tool-update.dto.js';
import type { ToolResponseDto } from './dto/tool-response.dto.js';
import { ToolsException } from './tools.exception.js';
import { type NewToolRecord, type ToolRecord, ToolsRepository } from './tools.repository.js';

const DEFAULT_INPUT_SCHEMA = { type: 'object', properties: {} };

/** A tool as an upstream MCP server lists it. */
export interface UpstreamToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** Where imported tools come from: the upstream gateway, its address and the prefix of their names. */
export interface ImportedToolsSource {
  gatewayId: string;
  namePrefix: string;
  url: string;
  transport: string;
}

/**
 * The tool registry: create, read, update, delete and (de)activate tools, with credentials sealed at rest
 * and a registry event for every change.
 */
@Injectable()
export class ToolsService {
  constructor(
    private readonly tools: ToolsRepository,
    private readonly box: SecretBox,
    private readonly schemas: JsonSchemaValidator,
    private readonly events: EventBus,
    private readonly guard: OutboundGuard,
  ) {}

  async createTool(dto: ToolCreateDto): Promise<ToolResponseDto> {
    const integrationType = dto.integrationType ?? 'MCP';
    const requestType = dto.requestType ?? (integrationType === 'REST' ? 'POST' : 'SSE');
    this.checkShape(integrationType, requestType, dto.url);
    const inputSchema = dto.inputSchema ?? DEFAULT_INPUT_SCHEMA;
    this.schemas.assertValidSchema(inputSchema, 'inputSchema');
    if (dto.outputSchema) this.schemas.assertValidSchema(dto.outputSchema, 'outputSchema');
    await this.assertNameFree(dto.name);

    const record: NewToolRecord = {
      id: newEntityId(),
      name: dto.name,
      originalName: dto.name,
      url: dto.url ?? null,
      description: dto.description ?? null,
      integrationType,
      requestType,
      headers: dto.headers ?? null,
      inputSchema,
      outputSchema: dto.outputSchema ?? null,
      annotations: dto.annotations ?? {},
      jsonpathFilter: dto.jsonpathFilter || null,
      authType: null,
      authValue: null,
      gatewayId: null,
      isActive: true,
      reachable: true,
      ...(dto.auth ? sealUpstreamAuth(this.box, toUpstreamAuth(dto.auth)) : {}),
    };
    const saved = await this.write(() => this.tools.insert(record), dto.name);
    return this.announce('created', saved);
  }

  async listTools(includeInactive = false): Promise<ToolResponseDto[]> {
    return (await this.tools.list({ includeInactive })).map((t) => this.toResponse(t));
  }

  /** Stored tools (with their sealed credentials) for the MCP catalogue and invokers; not for API answers. */
  listToolRecords(includeInactive = false): Promise<ToolRecord[]> {
    return this.tools.list({ includeInactive });
  }

  async getTool(id: string): Promise<ToolResponseDto> {
    return this.toResponse(await this.require(id));
  }

  async updateTool(id: string, dto: ToolUpdateDto): Promise<ToolResponseDto> {
    const current = await this.require(id);
    const integrationType = dto.integrationType ?? current.integrationType;
    const requestType =
      dto.requestType ??
      (dto.integrationType && dto.integrationType !== current.integrationType
        ? integrationType === 'REST'
          ? 'POST'
          : 'SSE'
        : current.requestType);
    this.checkShape(integrationType, requestType, dto.url ?? current.url ?? undefined);
    if (dto.inputSchema) this.schemas.assertValidSchema(dto.inputSchema, 'inputSchema');
    if (dto.outputSchema) this.schemas.assertValidSchema(dto.outputSchema, 'outputSchema');
    if (dto.name && dto.name !== current.name) await this.assertNameFree(dto.name);

    const changes: Partial<NewToolRecord> = {
      integrationType,
      requestType,
      ...(dto.name !== undefined && {
        name: dto.name,
        ...(current.gatewayId ? {} : { originalName: dto.name }),
      }),
      ...(dto.url !== undefined && { url: dto.url }),
      ...(dto.description !== undefined && { description: dto.description }),
      ...(dto.headers !== undefined && { headers: dto.headers }),
      ...(dto.inputSchema !== undefined && { inputSchema: dto.inputSchema }),
      ...(dto.outputSchema !== undefined && { outputSchema: dto.outputSchema }),
      ...(dto.annotations !== undefined && { annotations: dto.annotations }),
      ...(dto.jsonpathFilter !== undefined && { jsonpathFilter: dto.jsonpathFilter || null }),
      ...(dto.auth !== undefined && sealUpstreamAuth(this.box, toUpstreamAuth(dto.auth))),
    };
    const saved = await this.write(() => this.tools.update(id, changes), dto.name ?? current.name);
    if (!saved) throw ToolsException.notFound(id);
    return this.announce('updated', saved);
  }

  async deleteTool(id: string): Promise<ToolResponseDto> {
    const current = await this.require(id);
    if (!(await this.tools.delete(id))) throw ToolsException.notFound(id);
    return this.announce('deleted', current);
  }

  async toggleTool(id: string, activate: boolean): Promise<ToolResponseDto> {
    const current = await this.require(id);
    if (current.isActive === activate) return this.toResponse(current);
    const saved = await this.tools.update(id, { isActive: activate });
    if (!saved) throw ToolsException.notFound(id);
    return this.announce(activate ? 'activated' : 'deactivated', saved);
  }

  /**
   * Makes the tools imported from one upstream match its listing, inside the caller's transaction: tools keep
   * their ids (and virtual-server associations) across refreshes, and the user's own settings (active flag,
   * jsonpath filter) survive. A schema that does not compile is replaced by a permissive one, so the tool stays
   * callable and the upstream judges its own arguments.
   */
  async syncImportedTools(
    manager: EntityManager,
    source: ImportedToolsSource,
    tools: UpstreamToolDefinition[],
  ): Promise<ImportOutcome> {
    const rows = tools.map((tool): NewToolRecord => ({
      id: newEntityId(),
      name: `${source.namePrefix}${tool.name}`,
      originalName: tool.name,
      url: source.url,
      description: tool.description ?? null,
      integrationType: 'MCP',
      requestType: source.transport,
      headers: null,
      inputSchema: this.usableSchema(tool.inputSchema) ?? DEFAULT_INPUT_SCHEMA,
      outputSchema: tool.outputSchema ? (this.usableSchema(tool.outputSchema) ?? null) : null,
      annotations: { ...(tool.annotations ?? {}), ...(tool.title && { title: tool.title }) },
      jsonpathFilter: null,
      authType: null,
      authValue: null,
      gatewayId: source.gatewayId,
      isActive: true,
      reachable: true,
    }));
    const change = await this.tools.syncImported(manager, source.gatewayId, rows);
    return importOutcome(change, (action, tool) => this.announce(action, tool));
  }

  /** Marks every tool of one upstream (un)reachable or (in)active, with an event for each that changed. */
  async setImportedState(
    gatewayId: string,
    state: Partial<Pick<ToolRecord, 'isActive' | 'reachable'>>,
  ): Promise<void> {
    const changed = await this.tools.updateImported(gatewayId, state);
    for (const tool of changed) this.announce('updated', tool);
  }

  /** The tools with these ids, in the order asked; throws naming the ids that do not exist. */
  async requireTools(ids: string[]): Promise<ToolRecord[]> {
    const found = await this.tools.findByIds([...new Set(ids)]);
    const byId = new Map(found.map((t) => [t.id, t]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new ToolsException('TOOL_NOT_FOUND', `Tool not found: ${missing.join(', ')}`);
    return ids.map((id) => byId.get(id) as ToolRecord);
  }

  toResponse(tool: ToolRecord): ToolResponseDto {
    return {
      id: tool.id,
      name: tool.name,
      originalName: tool.originalName,
      url: tool.url ?? null,
      description: tool.description ?? null,
      integrationType: tool.integrationType,
      requestType: tool.requestType,
      headers: tool.headers ?? null,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema ?? null,
      annotations: tool.annotations ?? {},
      jsonpathFilter: tool.jsonpathFilter ?? null,
      auth: maskUpstreamAuth(this.box, tool.authValue),
      gatewayId: tool.gatewayId ?? null,
      isActive: tool.isActive,
      reachable: tool.reachable,
      createdAt: tool.createdAt.toISOString(),
      updatedAt: tool.updatedAt.toISOString(),
    };
  }

  private async require(id: string): Promise<ToolRecord> {
    const tool = await this.tools.findById(id);
    if (!tool) throw ToolsException.notFound(id);
    return tool;
  }

  private async assertNameFree(name: string): Promise<void> {
    const existing = await this.tools.findByName(name);
    if (existing)
      throw new ToolsException(
        'TOOL_NAME_CONFLICT',
        `A tool named "${name}" already exists (id ${existing.id})`,
      );
  }

  /** Runs a write; a unique-constraint race with another request becomes the same 409 as the pre-check. */
  private async write<T>(work: () => Promise<T>, name: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ToolsException('TOOL_NAME_CONFLICT', `A tool named "${name}" already exists`);
      throw error;
    }
  }

  private usableSchema(schema: unknown): Record<string, unknown> | undefined {
    try {
      this.schemas.assertValidSchema(schema);
      return schema as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  private checkShape(integrationType: string, requestType: string, url: string | undefined): void {
    if (integrationType === 'REST') {
      if (!(REST_METHODS as readonly string[]).includes(requestType)) {
        throw new ToolsException(
          'TOOL_INVALID',
          `A REST tool's requestType must be an HTTP method (${REST_METHODS.join(', ')}), not ${requestType}`,
        );
      }
      if (!url) throw new ToolsException('TOOL_INVALID', 'A REST tool needs a url');
      // Refused at registration already (metadata addresses, schemes), not only at call time.
      this.guard.checkUrl(url.replace(/\{[^}]*\}/g, 'x'));
    } else if (!(MCP_TRANSPORTS as readonly string[]).includes(requestType)) {
      throw new ToolsException(
        'TOOL_INVALID',
        `An MCP tool's requestType must be a transport (${MCP_TRANSPORTS.join(', ')}), not ${requestType}`,
      );
    }
  }

  private announce(action: EventAction, tool: ToolRecord): ToolResponseDto {
    const response = this.toResponse(tool);
    this.events.publish(registryEvent('tool', action, { ...response }));
    return response;
  }
}
