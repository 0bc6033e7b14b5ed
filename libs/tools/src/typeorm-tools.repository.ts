import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { syncImportedRows, updateImportedRows, type ImportedRowsChange } from '@app/common';
import { type EntityManager, In, type Repository } from 'typeorm';
import { ToolEntity } from './tool.entity.js';
import { type NewToolRecord, type ToolRecord, ToolsRepository } from './tools.repository.js';

/** ToolsRepository on TypeORM (SQLite or PostgreSQL). */
@Injectable()
export class TypeOrmToolsRepository extends ToolsRepository {
  constructor(@InjectRepository(ToolEntity) private readonly tools: Repository<ToolEntity>) {
    super();
  }

  list({ includeInactive }: { includeInactive: boolean }): Promise<ToolRecord[]> {
    return this.tools.find({
      where: includeInactive ? {} : { isActive: true },
      order: { createdAt: 'ASC', name: 'ASC' },
    });
  }

  findById(id: string): Promise<ToolRecord | null> {
    return this.tools.findOneBy({ id });
  }

  findByName(name: string): Promise<ToolRecord | null> {
    return this.tools.findOneBy({ name });
  }

  findByIds(ids: string[]): Promise<ToolRecord[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.tools.findBy({ id: In(ids) });
  }

  async insert(tool: NewToolRecord): Promise<ToolRecord> {
    return this.tools.save(this.tools.create(tool));
  }

  async update(id: string, changes: Partial<NewToolRecord>): Promise<ToolRecord | null> {
    const existing = await this.tools.findOneBy({ id });
    if (!existing) return null;
    return this.tools.save(this.tools.merge(existing, changes));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.tools.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  syncImported(
    manager: EntityManager,
    gatewayId: string,
    tools: NewToolRecord[],
  ): Promise<ImportedRowsChange<ToolRecord>> {
    return syncImportedRows(manager, ToolEntity, {
      gatewayId,
      key: (tool) => tool.originalName ?? '',
      unique: 'name',
      wanted: tools,
      refreshed: ['name', 'url', 'requestType', 'description', 'inputSchema', 'outputSchema', 'annotations'],
    });
  }

  updateImported(
    gatewayId: string,
    changes: Partial<Pick<ToolRecord, 'isActive' | 'reachable'>>,
  ): Promise<ToolRecord[]> {
    return updateImportedRows<ToolEntity>(this.tools.manager, ToolEntity, gatewayId, changes);
  }
}
