/** Registry change events: the bus every lib publishes to, and the /events stream. */
export * from './event-bus.js';
export * from './events.module.js';
export * from './gateway-event.js';
