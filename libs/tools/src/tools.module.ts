import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ToolEntity } from './tool.entity.js';
import { ToolsController } from './tools.controller.js';
import { ToolsRepository } from './tools.repository.js';
import { ToolsService } from './tools.service.js';
import { TypeOrmToolsRepository } from './typeorm-tools.repository.js';

/** The tool registry: REST tools and tools imported from upstream MCP servers. */
@Module({
  imports: [TypeOrmModule.forFeature([ToolEntity])],
  providers: [ToolsService, { provide: ToolsRepository, useClass: TypeOrmToolsRepository }],
  controllers: [ToolsController],
  exports: [ToolsService],
})
export class ToolsModule {}
