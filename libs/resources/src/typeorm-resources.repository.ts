import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { syncImportedRows, updateImportedRows, type ImportedRowsChange } from '@app/common';
import { type EntityManager, In, type Repository } from 'typeorm';
import { ResourceEntity } from './resource.entity.js';
import { type NewResourceRecord, type ResourceRecord, ResourcesRepository } from './resources.repository.js';

/** ResourcesRepository on TypeORM (SQLite or PostgreSQL). */
@Injectable()
export class TypeOrmResourcesRepository extends ResourcesRepository {
  constructor(@InjectRepository(ResourceEntity) private readonly resources: Repository<ResourceEntity>) {
    super();
  }

  list({ includeInactive }: { includeInactive: boolean }): Promise<ResourceRecord[]> {
    return this.resources.find({
      where: includeInactive ? {} : { isActive: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findById(id: number): Promise<ResourceRecord | null> {
    return this.resources.findOneBy({ id });
  }

  findByUri(uri: string): Promise<ResourceRecord | null> {
    return this.resources.findOneBy({ uri });
  }

  findByIds(ids: number[]): Promise<ResourceRecord[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.resources.findBy({ id: In(ids) });
  }

  insert(resource: NewResourceRecord): Promise<ResourceRecord> {
    return this.resources.save(this.resources.create(resource));
  }

  async update(id: number, changes: Partial<NewResourceRecord>): Promise<ResourceRecord | null> {
    const existing = await this.resources.findOneBy({ id });
    if (!existing) return null;
    return this.resources.save(this.resources.merge(existing, changes));
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.resources.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  syncImported(
    manager: EntityManager,
    gatewayId: string,
    resources: NewResourceRecord[],
  ): Promise<ImportedRowsChange<ResourceRecord>> {
    return syncImportedRows(manager, ResourceEntity, {
      gatewayId,
      key: (resource) => resource.uri ?? '',
      unique: 'uri',
      wanted: resources,
      refreshed: ['name', 'description', 'mimeType', 'uriTemplate', 'size'],
    });
  }

  updateImported(
    gatewayId: string,
    changes: Partial<Pick<ResourceRecord, 'isActive'>>,
  ): Promise<ResourceRecord[]> {
    return updateImportedRows<ResourceEntity>(this.resources.manager, ResourceEntity, gatewayId, changes);
  }
}
