import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MetricsModule } from '@app/metrics';
import { ResourceEntity } from './resource.entity.js';
import { ResourcesController } from './resources.controller.js';
import { ResourcesRepository } from './resources.repository.js';
import { ResourcesService } from './resources.service.js';
import { TypeOrmResourcesRepository } from './typeorm-resources.repository.js';

/** The resource registry: URI-addressed text, binary and template resources, with a read cache and SSE updates. */
@Module({
  imports: [TypeOrmModule.forFeature([ResourceEntity]), MetricsModule],
  providers: [ResourcesService, { provide: ResourcesRepository, useClass: TypeOrmResourcesRepository }],
  controllers: [ResourcesController],
  exports: [ResourcesService],
})
export class ResourcesModule {}
