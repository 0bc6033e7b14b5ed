import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RootEntity } from './root.entity.js';
import { RootsController } from './roots.controller.js';
import { RootsRepository } from './roots.repository.js';
import { RootsService } from './roots.service.js';
import { TypeOrmRootsRepository } from './typeorm-roots.repository.js';

/** The roots registry: filesystem (or other) roots offered to MCP servers. */
@Module({
  imports: [TypeOrmModule.forFeature([RootEntity])],
  providers: [RootsService, { provide: RootsRepository, useClass: TypeOrmRootsRepository }],
  controllers: [RootsController],
  exports: [RootsService],
})
export class RootsModule {}
