import type { ImportedRowsChange } from '@app/common';
import type { EntityManager } from 'typeorm';
import type { ResourceEntity } from './resource.entity.js';

/** A resource as stored: plain data, no ORM behaviour. */
export type ResourceRecord = Omit<ResourceEntity, never>;

export type NewResourceRecord = Omit<ResourceRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** Persistence port of the resource registry: the only way the service reaches storage. */
export abstract class ResourcesRepository {
  abstract list(options: { includeInactive: boolean }): Promise<ResourceRecord[]>;
  abstract findById(id: number): Promise<ResourceRecord | null>;
  abstract findByUri(uri: string): Promise<ResourceRecord | null>;
  abstract findByIds(ids: number[]): Promise<ResourceRecord[]>;
  /** Stores a new resource; the database assigns its id. */
  abstract insert(resource: NewResourceRecord): Promise<ResourceRecord>;
  /** Applies the changes and returns the updated resource, or null when it does not exist. */
  abstract update(id: number, changes: Partial<NewResourceRecord>): Promise<ResourceRecord | null>;
  /** Deletes the resource (its virtual-server associations go with it); false when it did not exist. */
  abstract delete(id: number): Promise<boolean>;
  /** Makes one upstream's resources match `resources`, inside the caller's transaction. */
  abstract syncImported(
    manager: EntityManager,
    gatewayId: string,
    resources: NewResourceRecord[],
  ): Promise<ImportedRowsChange<ResourceRecord>>;
  /** Sets columns on every resource of one upstream; returns those that changed. */
  abstract updateImported(
    gatewayId: string,
    changes: Partial<Pick<ResourceRecord, 'isActive'>>,
  ): Promise<ResourceRecord[]>;
}
