export * from './env-var.decorator.js';
export * from './gateway-config.js';
export * from './load-config.js';
export * from './env-example.js';
