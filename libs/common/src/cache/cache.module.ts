import { Global, Module } from '@nestjs/common';
import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { GatewayConfig } from '../config/gateway-config.js';
import { CacheBackend } from './cache-backend.js';

/** cache-manager (CACHE_MANAGER) over the configured Keyv store, plus the backend for health reports. */
@Global()
@Module({
  providers: [
    {
      provide: CacheBackend,
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) => CacheBackend.open(config),
    },
  ],
  exports: [CacheBackend],
})
class CacheBackendModule {}

@Global()
@Module({
  imports: [
    CacheBackendModule,
    NestCacheModule.registerAsync({
      isGlobal: true,
      imports: [CacheBackendModule],
      inject: [CacheBackend],
      useFactory: (backend: CacheBackend) => ({ stores: [backend.keyv] }),
    }),
  ],
  exports: [CacheBackendModule],
})
export class GatewayCacheModule {}
