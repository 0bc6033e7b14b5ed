export * from './root.entity.js';
