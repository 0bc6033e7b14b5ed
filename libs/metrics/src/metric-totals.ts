import type { MetricEntityType } from './entity-metric.entity.js';

/** Every kind of entity that has execution metrics, in the order reports list them. */
export const METRIC_ENTITY_TYPES: readonly MetricEntityType[] = ['tool', 'resource', 'prompt', 'server'];

/**
 * Running totals of executions: the shape of a stored row and of a not-yet-flushed delta alike, so that
 * adding a delta to a row and merging two deltas are the same operation ({@link mergeTotals}).
 * Response times are in seconds, as the table stores them.
 */
export interface MetricTotals {
  totalExecutions: number;
  successfulExecutions: number;
  failedExecutions: number;
  /** Fastest execution in seconds; null while there are none. */
  minResponseTime: number | null;
  /** Slowest execution in seconds; null while there are none. */
  maxResponseTime: number | null;
  /** Sum of all response times in seconds, so the average survives batching. */
  totalResponseTime: number;
  /** When the latest execution finished (epoch milliseconds); null while there are none. */
  lastExecutionTime: number | null;
}

/** The totals of one entity. */
export interface EntityMetricTotals {
  type: MetricEntityType;
  id: string;
  totals: MetricTotals;
}

export function emptyTotals(): MetricTotals {
  return {
    totalExecutions: 0,
    successfulExecutions: 0,
    failedExecutions: 0,
    minResponseTime: null,
    maxResponseTime: null,
    totalResponseTime: 0,
    lastExecutionTime: null,
  };
}

/** Counts one execution into `totals`, in place (the hot path allocates nothing per call). */
export function addExecution(totals: MetricTotals, seconds: number, success: boolean, at: number): void {
  totals.totalExecutions += 1;
  if (success) totals.successfulExecutions += 1;
  else totals.failedExecutions += 1;
  totals.minResponseTime =
    totals.minResponseTime === null ? seconds : Math.min(totals.minResponseTime, seconds);
  totals.maxResponseTime =
    totals.maxResponseTime === null ? seconds : Math.max(totals.maxResponseTime, seconds);
  totals.totalResponseTime += seconds;
  totals.lastExecutionTime = totals.lastExecutionTime === null ? at : Math.max(totals.lastExecutionTime, at);
}

/**
 * The totals of both, as a new object: counts and times add up, the minimum is the smaller minimum and the
 * maximum the larger maximum (a null side, meaning "no executions", is ignored), the last time is the later.
 */
export function mergeTotals(a: Readonly<MetricTotals>, b: Readonly<MetricTotals>): MetricTotals {
  return {
    totalExecutions: a.totalExecutions + b.totalExecutions,
    successfulExecutions: a.successfulExecutions + b.successfulExecutions,
    failedExecutions: a.failedExecutions + b.failedExecutions,
    minResponseTime: combine(a.minResponseTime, b.minResponseTime, Math.min),
    maxResponseTime: combine(a.maxResponseTime, b.maxResponseTime, Math.max),
    totalResponseTime: a.totalResponseTime + b.totalResponseTime,
    lastExecutionTime: combine(a.lastExecutionTime, b.lastExecutionTime, Math.max),
  };
}

function combine(a: number | null, b: number | null, pick: (x: number, y: number) => number): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return pick(a, b);
}

/** The key of an entity in maps of totals. Types never contain ':', so keys cannot collide. */
export function metricKey(type: MetricEntityType, id: string): string {
  return `${type}:${id}`;
}
