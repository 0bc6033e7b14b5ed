import type { ImportedRowsChange } from '@app/common';
import type { EntityManager } from 'typeorm';
import type { PromptVersionEntity } from './prompt-version.entity.js';
import type { PromptEntity } from './prompt.entity.js';

/** A prompt as stored: plain data, no ORM behaviour. */
export type PromptRecord = Omit<PromptEntity, never>;

/** A past state of a prompt, as stored. */
export type PromptVersionRecord = Omit<PromptVersionEntity, 'prompt'>;

export type NewPromptRecord = Omit<PromptRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** What an update may change; the version is the repository's to count. */
export type PromptChanges = Partial<
  Pick<PromptRecord, 'name' | 'originalName' | 'description' | 'template' | 'argumentSchema' | 'messages'>
>;

/** Persistence port of the prompt registry: the only way the service reaches storage. */
export abstract class PromptsRepository {
  abstract list(options: { includeInactive: boolean }): Promise<PromptRecord[]>;
  abstract findById(id: number): Promise<PromptRecord | null>;
  abstract findByName(name: string): Promise<PromptRecord | null>;
  abstract findByIds(ids: number[]): Promise<PromptRecord[]>;
  /** Stores a new prompt at version 1. */
  abstract insert(prompt: NewPromptRecord): Promise<PromptRecord>;
  /**
   * In one transaction: keeps the prompt's current state as a version row, applies the changes and adds one
   * to its version. Returns the updated prompt, or null when it does not exist.
   */
  abstract update(id: number, changes: PromptChanges): Promise<PromptRecord | null>;
  /** (De)activates without making a version; null when the prompt does not exist. */
  abstract setActive(id: number, isActive: boolean): Promise<PromptRecord | null>;
  /** Deletes the prompt (its versions and virtual-server associations go with it); false when it did not exist. */
  abstract delete(id: number): Promise<boolean>;
  /** The stored past states of a prompt, newest first (the current state is the prompt itself). */
  abstract listVersions(promptId: number): Promise<PromptVersionRecord[]>;
  abstract findVersion(promptId: number, version: number): Promise<PromptVersionRecord | null>;
  /** Makes one upstream's prompts match `prompts`, inside the caller's transaction (no versions are kept). */
  abstract syncImported(
    manager: EntityManager,
    gatewayId: string,
    prompts: NewPromptRecord[],
  ): Promise<ImportedRowsChange<PromptRecord>>;
  /** Sets columns on every prompt of one upstream; returns those that changed. */
  abstract updateImported(
    gatewayId: string,
    changes: Partial<Pick<PromptRecord, 'isActive'>>,
  ): Promise<PromptRecord[]>;
}
