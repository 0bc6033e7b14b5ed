import { type DynamicModule, Global, Module } from '@nestjs/common';
import { GatewayConfig } from './config/gateway-config.js';
import { SecretBox } from './crypto/secret-box.js';
import { OutboundGuard } from './http/outbound-guard.js';
import { JsonSchemaValidator } from './json-schema/json-schema-validator.js';
import { GatewayLogger } from './logging/gateway-logger.js';

/**
 * The process-wide singletons every lib may inject: the validated GatewayConfig, the logger, the SecretBox
 * keyed from AUTH_ENCRYPTION_SECRET, the JSON Schema validator and the OutboundGuard of outbound calls (SSRF).
 * Config and logger are built before Nest boots (a bad value stops the process with one message instead of a DI
 * stack trace) and handed in here.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: GatewayConfig, logger: GatewayLogger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: GatewayLogger, useValue: logger },
        SecretBox,
        JsonSchemaValidator,
        OutboundGuard,
      ],
      exports: [GatewayConfig, GatewayLogger, SecretBox, JsonSchemaValidator, OutboundGuard],
    };
  }
}
