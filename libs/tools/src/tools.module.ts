import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MetricsModule } from '@app/metrics';
import { RestToolInvoker } from './invocation/rest-tool-invoker.js';
import { ToolInvocationService } from './invocation/tool-invocation.service.js';
import { ToolInvokerRegistry } from './invocation/tool-invoker.registry.js';
import { OpenApiImportService } from './openapi/openapi-import.service.js';
import { ToolEntity } from './tool.entity.js';
import { ToolsController } from './tools.controller.js';
import { ToolsImportController } from './tools-import.controller.js';
import { ToolsRepository } from './tools.repository.js';
import { ToolsService } from './tools.service.js';
import { TypeOrmToolsRepository } from './typeorm-tools.repository.js';

/**
 * The tool registry: REST tools (also imported from OpenAPI documents) and tools imported from upstream MCP
 * servers, and their invocation.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ToolEntity]), MetricsModule],
  providers: [
    ToolsService,
    { provide: ToolsRepository, useClass: TypeOrmToolsRepository },
    ToolInvokerRegistry,
    RestToolInvoker,
    ToolInvocationService,
    OpenApiImportService,
  ],
  // The import routes first: ToolsController's `:id` routes would otherwise be tried before them.
  controllers: [ToolsImportController, ToolsController],
  exports: [ToolsService, ToolInvocationService, ToolInvokerRegistry],
})
export class ToolsModule {
  constructor(invokers: ToolInvokerRegistry, rest: RestToolInvoker) {
    invokers.register('REST', rest);
  }
}
