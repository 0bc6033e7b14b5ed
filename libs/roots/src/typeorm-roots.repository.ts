import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { RootEntity } from './root.entity.js';
import { type RootRecord, RootsRepository } from './roots.repository.js';

/** RootsRepository on TypeORM. */
@Injectable()
export class TypeOrmRootsRepository extends RootsRepository {
  constructor(@InjectRepository(RootEntity) private readonly roots: Repository<RootEntity>) {
    super();
  }

  list(): Promise<RootRecord[]> {
    return this.roots.find({ order: { createdAt: 'ASC', uri: 'ASC' } });
  }

  find(uri: string): Promise<RootRecord | null> {
    return this.roots.findOneBy({ uri });
  }

  insert(root: Omit<RootRecord, 'createdAt'>): Promise<RootRecord> {
    return this.roots.save(this.roots.create(root));
  }

  async delete(uri: string): Promise<boolean> {
    return ((await this.roots.delete({ uri })).affected ?? 0) > 0;
  }
}
