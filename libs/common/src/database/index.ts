export * from './database-url.js';
export * from './database.module.js';
export * from './database-health.js';
export * from './unique-violation.js';
export * from './transaction-runner.js';
export * from './imported-rows.js';
