export * from './gateway.exception.js';
export * from './rest-exception.filter.js';
export * from './correlation-id.middleware.js';
export * from './error-message.js';
