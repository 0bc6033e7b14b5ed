import type { EntityManager } from 'typeorm';
import type { GatewayEntity } from './gateway.entity.js';

/** An upstream as stored: plain data, no ORM behaviour. */
export type GatewayRecord = Omit<GatewayEntity, never>;
export type NewGatewayRecord = Omit<GatewayRecord, 'createdAt' | 'updatedAt'>;

/** Persistence port of the upstream registry. */
export abstract class GatewaysRepository {
  abstract list(options: { includeInactive: boolean }): Promise<GatewayRecord[]>;
  abstract findById(id: string): Promise<GatewayRecord | null>;
  /** The upstream whose name or slug is one of these (to refuse a clash before connecting). */
  abstract findClash(name: string, slug: string): Promise<GatewayRecord | null>;
  /** Inserts or updates inside the caller's transaction (with its imports). */
  abstract save(manager: EntityManager, gateway: NewGatewayRecord): Promise<GatewayRecord>;
  /** Updates status columns outside any import; null when the row is gone. */
  abstract update(id: string, changes: Partial<NewGatewayRecord>): Promise<GatewayRecord | null>;
  abstract delete(manager: EntityManager, id: string): Promise<boolean>;
}
