import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '@app/events';
import { McpCatalog } from '../catalog/mcp-catalog.js';
import { SessionRegistry } from './session-registry.js';

/**
 * Tells connected sessions what changed: `notifications/{tools,resources,prompts}/list_changed` when their
 * scope's listing changed, and `notifications/resources/updated` to sessions subscribed to a changed resource.
 */
@Injectable()
export class SessionNotifier implements OnModuleInit, OnModuleDestroy {
  private stops: (() => void)[] = [];

  constructor(
    private readonly catalog: McpCatalog,
    private readonly sessions: SessionRegistry,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.stops.push(
      this.catalog.onChange((changes) => {
        for (const session of this.sessions.all()) {
          const change = changes.find((c) => c.scope === session.serverId);
          for (const list of change?.lists ?? []) session.notify(`notifications/${list}/list_changed`);
        }
      }),
      this.events.subscribe((event) => {
        if (event.entity !== 'resource' || typeof event.data.uri !== 'string') return;
        const uri = event.data.uri;
        for (const session of this.sessions.all()) {
          if (session.subscriptions.has(uri)) session.notify('notifications/resources/updated', { uri });
        }
      }),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
