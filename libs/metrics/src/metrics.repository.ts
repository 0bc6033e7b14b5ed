import type { MetricEntityType } from './entity-metric.entity.js';
import type { EntityMetricTotals } from './metric-totals.js';

/**
 * Where metric totals are kept. The recorder and the service see only this port, never TypeORM, so unit
 * tests run against an in-memory implementation.
 */
export abstract class MetricsRepository {
  /**
   * Adds each delta to its entity's stored totals (creating the row when there is none), all in one
   * transaction: either every delta is added or none is. Adding, not overwriting, is what lets several
   * replicas flush into one database.
   */
  abstract add(deltas: readonly EntityMetricTotals[]): Promise<void>;

  /** The stored totals of those entities of one kind that have any. */
  abstract find(type: MetricEntityType, ids: readonly string[]): Promise<EntityMetricTotals[]>;

  /** Every stored row. */
  abstract findAll(): Promise<EntityMetricTotals[]>;

  /** Deletes every row, every row of one kind, or one entity's row. */
  abstract delete(type?: MetricEntityType, id?: string): Promise<void>;
}
