import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CacheBackend, GatewayConfig, GatewayLogger } from '@app/common';
import { GatewaysService } from './gateways.service.js';

/**
 * Checks every active upstream each HEALTH_CHECK_INTERVAL. With several replicas sharing Redis, one replica
 * per interval does the round (a Redis lock with a TTL), so an upstream is not pinged once per replica.
 */
@Injectable()
export class GatewayHealthMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly owner = randomUUID();

  constructor(
    private readonly gateways: GatewaysService,
    private readonly config: GatewayConfig,
    private readonly cache: CacheBackend,
    private readonly logger: GatewayLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.healthCheckInterval * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round (skipped while the previous one still runs, or when another replica holds the round). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.round().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async round(): Promise<void> {
    try {
      if (!(await this.takeRound())) return;
      const gateways = (await this.gateways.listGatewayRecords(false)).filter((g) => g.isActive);
      await Promise.all(gateways.map((g) => this.gateways.checkHealth(g)));
    } catch (error) {
      this.logger.warn(
        `Health check round failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** True when this replica does this interval's round. */
  private async takeRound(): Promise<boolean> {
    const redis = this.cache.redis;
    if (!redis) return true;
    const key = `${this.config.cachePrefix}gateway-health-round`;
    // Held for a bit less than the interval, so the next round is free for whichever replica comes first.
    const ttl = Math.max(1000, this.config.healthCheckInterval * 1000 - 500);
    const taken = await redis.set(key, this.owner, {
      condition: 'NX',
      expiration: { type: 'PX', value: ttl },
    });
    return taken === 'OK';
  }
}
