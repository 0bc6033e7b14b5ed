import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RedisClientType } from '@keyv/redis';
import { CacheBackend, GatewayConfig, GatewayLogger } from '@app/common';
import type { GatewayEvent } from './gateway-event.js';

export type EventListener = (event: GatewayEvent) => void;

interface Envelope {
  origin: string;
  event: GatewayEvent;
}

/**
 * The one event bus of the gateway. Listeners in this process hear every event at once; with
 * CACHE_TYPE=redis, events also travel over Redis pub/sub so that every replica's listeners (SSE streams,
 * subscriptions, list_changed notifications, caches) hear changes made on any replica.
 */
@Injectable()
export class EventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Set<EventListener>();
  private readonly origin = randomUUID();
  private readonly channel: string;
  private subscriber?: RedisClientType;

  constructor(
    private readonly cache: CacheBackend,
    private readonly logger: GatewayLogger,
    config: GatewayConfig,
  ) {
    this.channel = `${config.cachePrefix}events`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.cache.redis) return;
    this.subscriber = this.cache.redis.duplicate();
    this.subscriber.on('error', () => undefined);
    await this.subscriber.connect();
    await this.subscriber.subscribe(this.channel, (message) => this.receive(message));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.subscriber?.isOpen) await this.subscriber.close().catch(() => undefined);
  }

  /** Delivers to local listeners now and, with Redis, to every other replica. Never throws. */
  publish(event: GatewayEvent): void {
    this.deliver(event);
    if (this.cache.redis?.isReady) {
      const envelope: Envelope = { origin: this.origin, event };
      this.cache.redis.publish(this.channel, JSON.stringify(envelope)).catch((error: unknown) => {
        this.logger.pino.warn({ context: 'EventBus', error: String(error) }, 'event not published to Redis');
      });
    }
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(message: string): void {
    try {
      const envelope = JSON.parse(message) as Envelope;
      if (envelope.origin !== this.origin) this.deliver(envelope.event);
    } catch {
      this.logger.pino.warn({ context: 'EventBus' }, 'ignored a malformed event from Redis');
    }
  }

  private deliver(event: GatewayEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.pino.error({ context: 'EventBus', error: String(error) }, 'event listener failed');
      }
    }
  }
}
