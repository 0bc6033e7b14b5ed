export * from './server.entity.js';
