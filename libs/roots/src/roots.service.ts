import { HttpStatus, Injectable } from '@nestjs/common';
import { GatewayException, isUniqueViolation } from '@app/common';
import { EventBus, registryEvent } from '@app/events';
import type { RootCreateDto, RootResponseDto } from './dto/root.dto.js';
import { type RootRecord, RootsRepository } from './roots.repository.js';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Normalises a root the way the reference does: a bare absolute path becomes a file:// URI.
 *
 * @example
 *   normalizeRootUri('/data')            // 'file:///data'
 *   normalizeRootUri('file:///data/')    // 'file:///data'
 *   normalizeRootUri('https://x.test/a') // 'https://x.test/a'
 */
export function normalizeRootUri(input: string): string {
  const trimmed = input.trim();
  if (SCHEME.test(trimmed)) return trimmed.length > 'file:///'.length ? trimmed.replace(/\/+$/, '') : trimmed;
  if (trimmed.startsWith('/')) return `file://${trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : trimmed}`;
  throw new GatewayException(
    'ROOT_INVALID',
    `Root "${trimmed}" is neither a URI (scheme:…) nor an absolute path`,
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

/** The roots the gateway offers to MCP servers (roots/list), with add/remove events for /roots/changes. */
@Injectable()
export class RootsService {
  constructor(
    private readonly roots: RootsRepository,
    private readonly events: EventBus,
  ) {}

  async listRoots(): Promise<RootResponseDto[]> {
    return (await this.roots.list()).map(toResponse);
  }

  async addRoot(dto: RootCreateDto): Promise<RootResponseDto> {
    const uri = normalizeRootUri(dto.uri);
    if (await this.roots.find(uri))
      throw new GatewayException('ROOT_CONFLICT', `Root ${uri} already exists`, HttpStatus.CONFLICT);
    let saved: RootRecord;
    try {
      saved = await this.roots.insert({ uri, name: dto.name ?? null });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new GatewayException('ROOT_CONFLICT', `Root ${uri} already exists`, HttpStatus.CONFLICT);
      throw error;
    }
    const response = toResponse(saved);
    this.events.publish(registryEvent('root', 'created', { ...response }));
    return response;
  }

  async removeRoot(rawUri: string): Promise<RootResponseDto> {
    const uri = normalizeRootUri(rawUri);
    const existing = await this.roots.find(uri);
    if (!existing || !(await this.roots.delete(uri))) {
      throw new GatewayException('ROOT_NOT_FOUND', `Root not found: ${uri}`, HttpStatus.NOT_FOUND);
    }
    const response = toResponse(existing);
    this.events.publish(registryEvent('root', 'deleted', { ...response }));
    return response;
  }
}

function toResponse(root: RootRecord): RootResponseDto {
  return { uri: root.uri, name: root.name ?? null };
}
