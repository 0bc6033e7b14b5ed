export * from './access-log.js';
export * from './gateway-logger.js';
export * from './request-logging.middleware.js';
