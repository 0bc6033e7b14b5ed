import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  DatabaseModule,
  GatewayCacheModule,
  GatewayConfig,
  CoreModule,
  GatewayLogger,
  RestExceptionFilter,
} from '@app/common';
import { AuthModule } from '@app/auth';
import { HealthModule } from '@app/health';
import { EventsModule } from '@app/events';
import { MetricsModule } from '@app/metrics';
import { ToolsModule } from '@app/tools';
import { ResourcesModule } from '@app/resources';
import { PromptsModule } from '@app/prompts';
import { RootsModule } from '@app/roots';
import { ServersModule } from '@app/servers';
import { GatewaysModule } from '@app/gateways';
import { McpModule } from '@app/mcp';
import { DocsModule } from './docs/docs.module.js';

/** Composition root: which modules make up the gateway. No logic lives here. */
@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, logger: GatewayLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger),
        DatabaseModule,
        GatewayCacheModule,
        AuthModule,
        EventsModule,
        MetricsModule,
        ToolsModule,
        ResourcesModule,
        PromptsModule,
        RootsModule,
        ServersModule,
        GatewaysModule,
        McpModule,
        HealthModule,
        DocsModule,
      ],
      providers: [{ provide: APP_FILTER, useFactory: () => new RestExceptionFilter(logger) }],
    };
  }
}
