export * from './resource.entity.js';
export * from './resources.module.js';
