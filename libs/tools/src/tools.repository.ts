import type { ImportedRowsChange } from '@app/common';
import type { EntityManager } from 'typeorm';
import type { ToolEntity } from './tool.entity.js';

/** A tool as stored: plain data, no ORM behaviour. */
export type ToolRecord = Omit<ToolEntity, never>;

export type NewToolRecord = Omit<ToolRecord, 'createdAt' | 'updatedAt'>;

/** Persistence port of the tool registry: the only way the service reaches storage. */
export abstract class ToolsRepository {
  abstract list(options: { includeInactive: boolean }): Promise<ToolRecord[]>;
  abstract findById(id: string): Promise<ToolRecord | null>;
  abstract findByName(name: string): Promise<ToolRecord | null>;
  abstract findByIds(ids: string[]): Promise<ToolRecord[]>;
  abstract insert(tool: NewToolRecord): Promise<ToolRecord>;
  /** Applies the changes and returns the updated tool, or null when it does not exist. */
  abstract update(id: string, changes: Partial<NewToolRecord>): Promise<ToolRecord | null>;
  /** Deletes the tool (its virtual-server associations go with it); false when it did not exist. */
  abstract delete(id: string): Promise<boolean>;
  /** Makes one upstream's tools match `tools`, inside the caller's transaction (see syncImportedRows). */
  abstract syncImported(
    manager: EntityManager,
    gatewayId: string,
    tools: NewToolRecord[],
  ): Promise<ImportedRowsChange<ToolRecord>>;
  /** Sets columns on every tool of one upstream; returns those that changed. */
  abstract updateImported(
    gatewayId: string,
    changes: Partial<Pick<ToolRecord, 'isActive' | 'reachable'>>,
  ): Promise<ToolRecord[]>;
}
