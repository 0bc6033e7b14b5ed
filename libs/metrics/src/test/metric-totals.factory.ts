import type { MetricEntityType } from '../entity-metric.entity.js';
import { emptyTotals, type EntityMetricTotals, type MetricTotals } from '../metric-totals.js';

/** Totals for tests: empty unless overridden. */
export function totalsOf(overrides: Partial<MetricTotals> = {}): MetricTotals {
  return { ...emptyTotals(), ...overrides };
}

/** One entity's totals for tests. */
export function entryOf(
  type: MetricEntityType,
  id: string,
  overrides: Partial<MetricTotals> = {},
): EntityMetricTotals {
  return { type, id, totals: totalsOf(overrides) };
}
