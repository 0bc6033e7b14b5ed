import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus.js';
import { EventsController } from './events.controller.js';

/** The event bus (in-process, plus Redis pub/sub across replicas) and the /events SSE stream. */
@Global()
@Module({ providers: [EventBus], controllers: [EventsController], exports: [EventBus] })
export class EventsModule {}
