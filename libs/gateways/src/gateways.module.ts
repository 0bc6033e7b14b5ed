import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PromptsModule, PromptsService } from '@app/prompts';
import { ResourcesModule, ResourcesService } from '@app/resources';
import { RootsModule } from '@app/roots';
import { ToolInvokerRegistry, ToolsModule } from '@app/tools';
import { GatewayEntity } from './gateway.entity.js';
import { GatewayHealthMonitor } from './gateway-health.monitor.js';
import { GatewaysController } from './gateways.controller.js';
import { GatewaysRepository } from './gateways.repository.js';
import { GatewaysService } from './gateways.service.js';
import { TypeOrmGatewaysRepository } from './typeorm-gateways.repository.js';
import { McpToolInvoker } from './upstream/mcp-tool-invoker.js';
import { UpstreamContent } from './upstream/upstream-content.js';
import { UpstreamPool } from './upstream/upstream-pool.js';

/**
 * Upstream MCP servers and peer gateways: their registry, the pooled sessions to them, the MCP tool invoker,
 * reads and renders of imported resources and prompts, and the health checks.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([GatewayEntity]),
    ToolsModule,
    ResourcesModule,
    PromptsModule,
    RootsModule,
  ],
  providers: [
    GatewaysService,
    { provide: GatewaysRepository, useClass: TypeOrmGatewaysRepository },
    UpstreamPool,
    McpToolInvoker,
    UpstreamContent,
    GatewayHealthMonitor,
  ],
  controllers: [GatewaysController],
  exports: [GatewaysService, UpstreamContent],
})
export class GatewaysModule {
  constructor(
    invokers: ToolInvokerRegistry,
    mcp: McpToolInvoker,
    content: UpstreamContent,
    resources: ResourcesService,
    prompts: PromptsService,
  ) {
    invokers.register('MCP', mcp);
    resources.setUpstreamReader((gatewayId, uri) => content.readResource(gatewayId, uri));
    prompts.setUpstreamRenderer((gatewayId, name, args) => content.getPrompt(gatewayId, name, args));
  }
}
