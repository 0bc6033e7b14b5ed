import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  DatabaseModule,
  GatewayCacheModule,
  GatewayConfig,
  GatewayConfigModule,
  GatewayLogger,
  RestExceptionFilter,
} from '@app/common';
import { AuthModule } from '@app/auth';
import { HealthModule } from '@app/health';
import { DocsModule } from './docs/docs.module.js';

/** Composition root: which modules make up the gateway. No logic lives here. */
@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, logger: GatewayLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        DatabaseModule,
        GatewayCacheModule,
        AuthModule,
        HealthModule,
        DocsModule,
      ],
      providers: [
        { provide: GatewayLogger, useValue: logger },
        { provide: APP_FILTER, useFactory: () => new RestExceptionFilter(logger) },
      ],
      exports: [GatewayLogger],
    };
  }
}
