export * from './cache-backend.js';
export * from './cache.module.js';
