import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { GatewayEntity } from './gateway.entity.js';
import { type GatewayRecord, GatewaysRepository, type NewGatewayRecord } from './gateways.repository.js';

/** GatewaysRepository on TypeORM (SQLite or PostgreSQL). */
@Injectable()
export class TypeOrmGatewaysRepository extends GatewaysRepository {
  constructor(@InjectRepository(GatewayEntity) private readonly gateways: Repository<GatewayEntity>) {
    super();
  }

  list({ includeInactive }: { includeInactive: boolean }): Promise<GatewayRecord[]> {
    return this.gateways.find({
      where: includeInactive ? {} : { isActive: true },
      order: { createdAt: 'ASC', name: 'ASC' },
    });
  }

  findById(id: string): Promise<GatewayRecord | null> {
    return this.gateways.findOneBy({ id });
  }

  findClash(name: string, slug: string): Promise<GatewayRecord | null> {
    return this.gateways.findOne({ where: [{ name }, { slug }] });
  }

  async save(manager: EntityManager, gateway: NewGatewayRecord): Promise<GatewayRecord> {
    await manager.save(GatewayEntity, manager.create(GatewayEntity, gateway));
    // Read back: an update's answer from save() lacks the columns it did not touch (created_at).
    return manager.findOneByOrFail(GatewayEntity, { id: gateway.id });
  }

  async update(id: string, changes: Partial<NewGatewayRecord>): Promise<GatewayRecord | null> {
    const existing = await this.gateways.findOneBy({ id });
    if (!existing) return null;
    return this.gateways.save(this.gateways.merge(existing, changes));
  }

  async delete(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.delete(GatewayEntity, { id });
    return (result.affected ?? 0) > 0;
  }
}
