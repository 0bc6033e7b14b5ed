import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  syncImportedRows,
  TransactionRunner,
  updateImportedRows,
  type ImportedRowsChange,
} from '@app/common';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { PromptVersionEntity } from './prompt-version.entity.js';
import { PromptEntity } from './prompt.entity.js';
import {
  type NewPromptRecord,
  type PromptChanges,
  type PromptRecord,
  PromptsRepository,
  type PromptVersionRecord,
} from './prompts.repository.js';

/**
 * PromptsRepository on TypeORM (SQLite or PostgreSQL). An update archives the current state and bumps the
 * version in one transaction, with the prompt row locked on PostgreSQL so that concurrent updates take turns.
 */
@Injectable()
export class TypeOrmPromptsRepository extends PromptsRepository {
  private readonly postgres: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {
    super();
    this.postgres = dataSource.options.type === 'postgres';
  }

  private get prompts() {
    return this.dataSource.getRepository(PromptEntity);
  }

  private get versions() {
    return this.dataSource.getRepository(PromptVersionEntity);
  }

  list({ includeInactive }: { includeInactive: boolean }): Promise<PromptRecord[]> {
    return this.prompts.find({
      where: includeInactive ? {} : { isActive: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findById(id: number): Promise<PromptRecord | null> {
    return this.prompts.findOneBy({ id });
  }

  findByName(name: string): Promise<PromptRecord | null> {
    return this.prompts.findOneBy({ name });
  }

  findByIds(ids: number[]): Promise<PromptRecord[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.prompts.findBy({ id: In(ids) });
  }

  insert(prompt: NewPromptRecord): Promise<PromptRecord> {
    return this.prompts.save(this.prompts.create({ ...prompt, version: 1 }));
  }

  update(id: number, changes: PromptChanges): Promise<PromptRecord | null> {
    return this.transactions.run(async (manager) => {
      const current = await manager.findOne(PromptEntity, {
        where: { id },
        ...(this.postgres && { lock: { mode: 'pessimistic_write' as const } }),
      });
      if (!current) return null;
      await manager.save(
        manager.create(PromptVersionEntity, {
          promptId: current.id,
          version: current.version,
          description: current.description ?? null,
          template: current.template,
          argumentSchema: current.argumentSchema,
          messages: current.messages ?? null,
        }),
      );
      return manager.save(manager.merge(PromptEntity, current, { ...changes, version: current.version + 1 }));
    });
  }

  async setActive(id: number, isActive: boolean): Promise<PromptRecord | null> {
    const existing = await this.prompts.findOneBy({ id });
    if (!existing) return null;
    return this.prompts.save(this.prompts.merge(existing, { isActive }));
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.prompts.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  listVersions(promptId: number): Promise<PromptVersionRecord[]> {
    return this.versions.find({ where: { promptId }, order: { version: 'DESC' } });
  }

  findVersion(promptId: number, version: number): Promise<PromptVersionRecord | null> {
    return this.versions.findOneBy({ promptId, version });
  }

  syncImported(
    manager: EntityManager,
    gatewayId: string,
    prompts: NewPromptRecord[],
  ): Promise<ImportedRowsChange<PromptRecord>> {
    return syncImportedRows(manager, PromptEntity, {
      gatewayId,
      key: (prompt) => prompt.originalName ?? '',
      unique: 'name',
      wanted: prompts.map((p) => ({ ...p, version: 1 })),
      refreshed: ['name', 'description', 'argumentSchema'],
    });
  }

  updateImported(
    gatewayId: string,
    changes: Partial<Pick<PromptRecord, 'isActive'>>,
  ): Promise<PromptRecord[]> {
    return updateImportedRows<PromptEntity>(this.dataSource.manager, PromptEntity, gatewayId, changes);
  }
}
