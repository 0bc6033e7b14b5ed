import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import { GatewayConfig } from '../config/gateway-config.js';

export interface CacheStatus {
  backend: 'none' | 'memory' | 'redis';
  reachable: boolean;
  error?: string;
}

/** A store that keeps nothing: CACHE_TYPE=none turns caching off without special cases in callers. */
class DiscardingStore extends Map<string, unknown> {
  override set(): this {
    return this;
  }
}

/**
 * Owns the cache store behind cache-manager: an in-process Keyv map, nothing (CACHE_TYPE=none), or Redis
 * through @keyv/redis. The Redis client it opens is the one Redis client library of the process; other
 * features (pub/sub, locks) duplicate it rather than bring another.
 */
@Injectable()
export class CacheBackend implements OnApplicationShutdown {
  readonly keyv: Keyv;
  readonly redis?: RedisClientType;

  private constructor(
    readonly backend: CacheStatus['backend'],
    keyv: Keyv,
    redis?: RedisClientType,
  ) {
    this.keyv = keyv;
    this.redis = redis;
  }

  static async open(config: GatewayConfig): Promise<CacheBackend> {
    switch (config.cacheType) {
      case 'none':
        return new CacheBackend(
          'none',
          new Keyv({ store: new DiscardingStore(), namespace: config.cachePrefix }),
        );
      case 'memory':
        return new CacheBackend('memory', new Keyv({ namespace: config.cachePrefix }));
      case 'redis': {
        const client = await connectRedis(config);
        const store = new KeyvRedis(client, { throwOnConnectError: false, keyPrefixSeparator: '' });
        return new CacheBackend(
          'redis',
          new Keyv({ store, namespace: config.cachePrefix, useKeyPrefix: false }),
          client,
        );
      }
    }
  }

  async check(): Promise<CacheStatus> {
    if (!this.redis) return { backend: this.backend, reachable: true };
    try {
      await this.redis.ping();
      return { backend: this.backend, reachable: true };
    } catch (error) {
      return {
        backend: this.backend,
        reachable: false,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis?.isOpen) await this.redis.close().catch(() => undefined);
  }
}

/** Connects to REDIS_URL, trying REDIS_MAX_RETRIES times; afterwards the client reconnects on its own. */
async function connectRedis(config: GatewayConfig): Promise<RedisClientType> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= config.redisMaxRetries; attempt++) {
    const client: RedisClientType = createClient({
      url: config.redisUrl,
      socket: { connectTimeout: 5000, reconnectStrategy: false },
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.close();
      // Reconnect with a strategy only once we know the server is there: start-up failures must not loop forever.
      const live: RedisClientType = createClient({
        url: config.redisUrl,
        socket: {
          connectTimeout: 5000,
          reconnectStrategy: (retries: number) => Math.min(retries * 200, 5000),
        },
      });
      live.on('error', () => undefined);
      await live.connect();
      return live;
    } catch (error) {
      lastError = error;
      if (attempt < config.redisMaxRetries)
        await new Promise((r) => setTimeout(r, config.redisRetryIntervalMs));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`Redis at REDIS_URL is unreachable after ${config.redisMaxRetries} attempt(s): ${reason}`);
}
