import type { RootEntity } from './root.entity.js';

export type RootRecord = Omit<RootEntity, never>;

/** Persistence port of the roots registry. */
export abstract class RootsRepository {
  abstract list(): Promise<RootRecord[]>;
  abstract find(uri: string): Promise<RootRecord | null>;
  abstract insert(root: Omit<RootRecord, 'createdAt'>): Promise<RootRecord>;
  abstract delete(uri: string): Promise<boolean>;
}
