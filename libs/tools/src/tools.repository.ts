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
}
