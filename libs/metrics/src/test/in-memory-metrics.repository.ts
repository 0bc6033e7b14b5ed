import type { MetricEntityType } from '../entity-metric.entity.js';
import { type EntityMetricTotals, mergeTotals, metricKey } from '../metric-totals.js';
import { MetricsRepository } from '../metrics.repository.js';

/** The metrics table as a map, for unit tests: same semantics as the TypeORM repository (add, not overwrite). */
export class InMemoryMetricsRepository extends MetricsRepository {
  readonly rows = new Map<string, EntityMetricTotals>();
  /** Every batch given to add(), in order (copies, as they were when given). */
  readonly batches: EntityMetricTotals[][] = [];

  add(deltas: readonly EntityMetricTotals[]): Promise<void> {
    this.batches.push(deltas.map((delta) => ({ ...delta, totals: { ...delta.totals } })));
    for (const delta of deltas) {
      const key = metricKey(delta.type, delta.id);
      const row = this.rows.get(key);
      this.rows.set(key, {
        type: delta.type,
        id: delta.id,
        totals: row ? mergeTotals(row.totals, delta.totals) : { ...delta.totals },
      });
    }
    return Promise.resolve();
  }

  find(type: MetricEntityType, ids: readonly string[]): Promise<EntityMetricTotals[]> {
    return Promise.resolve(
      ids.flatMap((id) => {
        const row = this.rows.get(metricKey(type, id));
        return row ? [copy(row)] : [];
      }),
    );
  }

  findAll(): Promise<EntityMetricTotals[]> {
    return Promise.resolve([...this.rows.values()].map(copy));
  }

  delete(type?: MetricEntityType, id?: string): Promise<void> {
    for (const [key, row] of this.rows) {
      if ((type === undefined || row.type === type) && (id === undefined || row.id === id))
        this.rows.delete(key);
    }
    return Promise.resolve();
  }
}

function copy(entry: EntityMetricTotals): EntityMetricTotals {
  return { ...entry, totals: { ...entry.totals } };
}
