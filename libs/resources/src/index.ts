export * from './resource.entity.js';
