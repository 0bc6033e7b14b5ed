/** The core every lib stands on: configuration, database, cache, errors, crypto, logging. */
export * from './app-info.js';
export * from './core.module.js';
export * from './config/index.js';
export * from './cache/index.js';
export * from './crypto/secret-box.js';
export * from './crypto/upstream-auth.js';
export * from './database/index.js';
export * from './errors/index.js';
export * from './logging/index.js';
export * from './http/index.js';
export * from './json-schema/json-schema-validator.js';
export * from './cancellation/cancellation.js';
export * from './collections/slot-table.js';
