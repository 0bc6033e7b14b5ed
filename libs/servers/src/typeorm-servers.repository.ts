import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionRunner } from '@app/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { PromptEntity } from '@app/prompts';
import type { ResourceEntity } from '@app/resources';
import type { ToolEntity } from '@app/tools';
import { ServerEntity } from './server.entity.js';
import { type ServerRecord, ServersRepository, type ServerWrite } from './servers.repository.js';

/** ServersRepository on TypeORM: the server row and its association rows change in one transaction. */
@Injectable()
export class TypeOrmServersRepository extends ServersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {
    super();
  }

  private get servers() {
    return this.dataSource.getRepository(ServerEntity);
  }

  list({ includeInactive }: { includeInactive: boolean }): Promise<ServerRecord[]> {
    return this.servers.find({
      where: includeInactive ? {} : { isActive: true },
      order: { createdAt: 'ASC', name: 'ASC' },
    });
  }

  findById(id: string): Promise<ServerRecord | null> {
    return this.servers.findOneBy({ id });
  }

  findByName(name: string): Promise<ServerRecord | null> {
    return this.servers.findOneBy({ name });
  }

  insert(id: string, server: ServerWrite & { name: string }): Promise<ServerRecord> {
    return this.transactions.run(async (manager) => {
      await manager.insert(ServerEntity, {
        id,
        name: server.name,
        description: server.description ?? null,
        icon: server.icon ?? null,
        isActive: server.isActive ?? true,
      });
      await this.replaceAssociations(manager, id, server);
      return await manager.findOneByOrFail(ServerEntity, { id });
    });
  }

  update(id: string, changes: ServerWrite): Promise<ServerRecord | null> {
    return this.transactions.run(async (manager) => {
      const existing = await manager.findOneBy(ServerEntity, { id });
      if (!existing) return null;
      const columns = {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.icon !== undefined && { icon: changes.icon }),
        ...(changes.isActive !== undefined && { isActive: changes.isActive }),
      };
      // Always touch the row so updated_at moves, also when only associations change.
      await manager.update(ServerEntity, { id }, { ...columns, updatedAt: new Date() });
      await this.replaceAssociations(manager, id, changes);
      return manager.findOneBy(ServerEntity, { id });
    });
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.servers.delete({ id })).affected ?? 0) > 0;
  }

  /** Replaces each association list that is given; lists not given stay as they are. */
  private async replaceAssociations(manager: EntityManager, id: string, changes: ServerWrite): Promise<void> {
    const relation = manager.createQueryBuilder().relation(ServerEntity, 'tools').of(id);
    if (changes.toolIds) {
      const current = (await relation.loadMany<ToolEntity>()).map((t) => t.id);
      await relation.addAndRemove(changes.toolIds, current);
    }
    if (changes.resourceIds) {
      const resources = manager.createQueryBuilder().relation(ServerEntity, 'resources').of(id);
      const current = (await resources.loadMany<ResourceEntity>()).map((r) => r.id);
      await resources.addAndRemove(changes.resourceIds, current);
    }
    if (changes.promptIds) {
      const prompts = manager.createQueryBuilder().relation(ServerEntity, 'prompts').of(id);
      const current = (await prompts.loadMany<PromptEntity>()).map((p) => p.id);
      await prompts.addAndRemove(changes.promptIds, current);
    }
  }
}
