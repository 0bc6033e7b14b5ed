import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PromptsModule } from '@app/prompts';
import { ResourcesModule } from '@app/resources';
import { ToolsModule } from '@app/tools';
import { ServerEntity } from './server.entity.js';
import { ServersController } from './servers.controller.js';
import { ServersRepository } from './servers.repository.js';
import { ServersService } from './servers.service.js';
import { TypeOrmServersRepository } from './typeorm-servers.repository.js';

/** Virtual servers: bundles of tools, resources and prompts with MCP endpoints of their own. */
@Module({
  imports: [TypeOrmModule.forFeature([ServerEntity]), ToolsModule, ResourcesModule, PromptsModule],
  providers: [ServersService, { provide: ServersRepository, useClass: TypeOrmServersRepository }],
  controllers: [ServersController],
  exports: [ServersService],
})
export class ServersModule {}
