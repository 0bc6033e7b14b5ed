export * from './entity-metric.entity.js';
