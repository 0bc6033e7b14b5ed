/** Execution metrics of tools, resources, prompts and servers: the recorder for the call path, reads, /metrics. */
export * from './entity-metric.entity.js';
export * from './metrics.module.js';
export * from './metrics-recorder.js';
export * from './metrics.service.js';
export * from './metrics.exception.js';
export * from './dto/entity-metrics.dto.js';
export * from './dto/top-entity-metrics.dto.js';
export * from './dto/metrics-summary.dto.js';
export { METRIC_ENTITY_TYPES } from './metric-totals.js';
