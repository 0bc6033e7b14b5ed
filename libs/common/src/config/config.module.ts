import { type DynamicModule, Global, Module } from '@nestjs/common';
import { GatewayConfig } from './gateway-config.js';

/**
 * Makes the already-validated GatewayConfig injectable everywhere. Validation happens before Nest boots
 * (loadGatewayConfig), so a bad value stops the process with one message instead of a DI stack trace.
 */
@Global()
@Module({})
export class GatewayConfigModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayConfigModule,
      providers: [{ provide: GatewayConfig, useValue: config }],
      exports: [GatewayConfig],
    };
  }
}
