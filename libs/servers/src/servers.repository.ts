import type { ServerEntity } from './server.entity.js';

/** A virtual server as stored, with the ids of what it bundles. */
export type ServerRecord = Pick<
  ServerEntity,
  | 'id'
  | 'name'
  | 'description'
  | 'icon'
  | 'isActive'
  | 'toolIds'
  | 'resourceIds'
  | 'promptIds'
  | 'createdAt'
  | 'updatedAt'
>;

export interface ServerWrite {
  name?: string;
  description?: string | null;
  icon?: string | null;
  isActive?: boolean;
  toolIds?: string[];
  resourceIds?: number[];
  promptIds?: number[];
}

/** Persistence port of the virtual-server registry. Writes of a server and its associations are atomic. */
export abstract class ServersRepository {
  abstract list(options: { includeInactive: boolean }): Promise<ServerRecord[]>;
  abstract findById(id: string): Promise<ServerRecord | null>;
  abstract findByName(name: string): Promise<ServerRecord | null>;
  abstract insert(id: string, server: ServerWrite & { name: string }): Promise<ServerRecord>;
  abstract update(id: string, changes: ServerWrite): Promise<ServerRecord | null>;
  abstract delete(id: string): Promise<boolean>;
}
