import { Injectable } from '@nestjs/common';
import { isUniqueViolation, newEntityId } from '@app/common';
import { EventBus, registryEvent, type EventAction } from '@app/events';
import { PromptsService, type PromptResponseDto } from '@app/prompts';
import { ResourcesService, type ResourceResponseDto } from '@app/resources';
import { ToolsService, type ToolResponseDto } from '@app/tools';
import type { ServerCreateDto } from './dto/server-create.dto.js';
import type { ServerResponseDto } from './dto/server-response.dto.js';
import type { ServerUpdateDto } from './dto/server-update.dto.js';
import { ServersException } from './servers.exception.js';
import { type ServerRecord, ServersRepository, type ServerWrite } from './servers.repository.js';

const unique = <T>(list: T[] | undefined): T[] | undefined => (list ? [...new Set(list)] : undefined);

/**
 * Virtual servers: named bundles of existing tools, resources and prompts. Associations are checked against
 * their registries (unknown ids are a 404 naming them) and written with the server in one transaction.
 */
@Injectable()
export class ServersService {
  constructor(
    private readonly servers: ServersRepository,
    private readonly tools: ToolsService,
    private readonly resources: ResourcesService,
    private readonly prompts: PromptsService,
    private readonly events: EventBus,
  ) {}

  async createServer(dto: ServerCreateDto): Promise<ServerResponseDto> {
    const write = await this.checkedWrite(dto);
    await this.assertNameFree(dto.name);
    const saved = await this.write(
      () => this.servers.insert(newEntityId(), { ...write, name: dto.name }),
      dto.name,
    );
    return this.announce('created', saved);
  }

  async listServers(includeInactive = false): Promise<ServerResponseDto[]> {
    return (await this.servers.list({ includeInactive })).map(toResponse);
  }

  /** Active servers with the ids they bundle, for the MCP catalogue. */
  listServerRecords(includeInactive = false): Promise<ServerRecord[]> {
    return this.servers.list({ includeInactive });
  }

  async getServer(id: string): Promise<ServerResponseDto> {
    return toResponse(await this.require(id));
  }

  async updateServer(id: string, dto: ServerUpdateDto): Promise<ServerResponseDto> {
    const current = await this.require(id);
    const write = await this.checkedWrite(dto);
    if (dto.name !== undefined && dto.name !== current.name) await this.assertNameFree(dto.name);
    const saved = await this.write(() => this.servers.update(id, write), dto.name ?? current.name);
    if (!saved) throw ServersException.notFound(id);
    return this.announce('updated', saved);
  }

  async deleteServer(id: string): Promise<ServerResponseDto> {
    const current = await this.require(id);
    if (!(await this.servers.delete(id))) throw ServersException.notFound(id);
    return this.announce('deleted', current);
  }

  async toggleServer(id: string, activate: boolean): Promise<ServerResponseDto> {
    const current = await this.require(id);
    if (current.isActive === activate) return toResponse(current);
    const saved = await this.servers.update(id, { isActive: activate });
    if (!saved) throw ServersException.notFound(id);
    return this.announce(activate ? 'activated' : 'deactivated', saved);
  }

  /** The server's tools; inactive ones only when asked. */
  async listServerTools(id: string, includeInactive = false): Promise<ToolResponseDto[]> {
    const server = await this.require(id);
    const tools = await this.tools.requireTools(server.toolIds);
    return tools.filter((t) => includeInactive || t.isActive).map((t) => this.tools.toResponse(t));
  }

  async listServerResources(id: string, includeInactive = false): Promise<ResourceResponseDto[]> {
    const server = await this.require(id);
    const resources = await this.resources.requireResources(server.resourceIds);
    return resources.filter((r) => includeInactive || r.isActive).map((r) => this.resources.toResponse(r));
  }

  async listServerPrompts(id: string, includeInactive = false): Promise<PromptResponseDto[]> {
    const server = await this.require(id);
    const prompts = await this.prompts.requirePrompts(server.promptIds);
    return prompts.filter((p) => includeInactive || p.isActive).map((p) => this.prompts.toResponse(p));
  }

  /** Validates the associations of a create/update body against their registries. */
  private async checkedWrite(dto: ServerUpdateDto): Promise<ServerWrite> {
    const toolIds = unique(dto.associatedTools);
    const resourceIds = unique(dto.associatedResources);
    const promptIds = unique(dto.associatedPrompts);
    if (toolIds) await this.tools.requireTools(toolIds);
    if (resourceIds) await this.resources.requireResources(resourceIds);
    if (promptIds) await this.prompts.requirePrompts(promptIds);
    return {
      ...(dto.name !== undefined && { name: dto.name }),
      ...(dto.description !== undefined && { description: dto.description }),
      ...(dto.icon !== undefined && { icon: dto.icon }),
      toolIds,
      resourceIds,
      promptIds,
    };
  }

  private async require(id: string): Promise<ServerRecord> {
    const server = await this.servers.findById(id);
    if (!server) throw ServersException.notFound(id);
    return server;
  }

  private async assertNameFree(name: string): Promise<void> {
    const existing = await this.servers.findByName(name);
    if (existing)
      throw new ServersException(
        'SERVER_NAME_CONFLICT',
        `A server named "${name}" already exists (id ${existing.id})`,
      );
  }

  private async write<T>(work: () => Promise<T>, name: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ServersException('SERVER_NAME_CONFLICT', `A server named "${name}" already exists`);
      throw error;
    }
  }

  private announce(action: EventAction, server: ServerRecord): ServerResponseDto {
    const response = toResponse(server);
    this.events.publish(registryEvent('server', action, { ...response }));
    return response;
  }
}

function toResponse(server: ServerRecord): ServerResponseDto {
  return {
    id: server.id,
    name: server.name,
    description: server.description ?? null,
    icon: server.icon ?? null,
    isActive: server.isActive,
    associatedTools: [...server.toolIds].sort(),
    associatedResources: [...server.resourceIds].sort((a, b) => a - b),
    associatedPrompts: [...server.promptIds].sort((a, b) => a - b),
    createdAt: server.createdAt.toISOString(),
    updatedAt: server.updatedAt.toISOString(),
  };
}
