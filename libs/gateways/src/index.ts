export * from './gateway.entity.js';
