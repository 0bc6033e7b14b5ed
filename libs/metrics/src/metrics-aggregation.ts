import type { EntityMetricsDto } from './dto/entity-metrics.dto.js';
import type { MetricsSummaryDto } from './dto/metrics-summary.dto.js';
import type { TopEntityMetricsDto } from './dto/top-entity-metrics.dto.js';
import type { MetricEntityType } from './entity-metric.entity.js';
import {
  emptyTotals,
  type EntityMetricTotals,
  mergeTotals,
  metricKey,
  type MetricTotals,
} from './metric-totals.js';

/** How many entities each "top" list of GET /metrics shows. */
export const TOP_ENTITIES = 5;

/** What a client sees of some totals: rates and averages derived, no times where nothing ran. */
export function toEntityMetrics(totals: Readonly<MetricTotals>): EntityMetricsDto {
  const ran = totals.totalExecutions > 0;
  return {
    totalExecutions: totals.totalExecutions,
    successfulExecutions: totals.successfulExecutions,
    failedExecutions: totals.failedExecutions,
    failureRate: ran ? totals.failedExecutions / totals.totalExecutions : 0,
    minResponseTime: ran ? totals.minResponseTime : null,
    maxResponseTime: ran ? totals.maxResponseTime : null,
    avgResponseTime: ran ? totals.totalResponseTime / totals.totalExecutions : null,
    lastExecutionTime:
      ran && totals.lastExecutionTime !== null ? new Date(totals.lastExecutionTime).toISOString() : null,
  };
}

/**
 * Stored totals plus the deltas not flushed yet, one entry per entity. Entities only one side knows keep
 * that side's totals.
 */
export function mergeEntries(
  stored: readonly EntityMetricTotals[],
  pending: readonly EntityMetricTotals[],
): EntityMetricTotals[] {
  const merged = new Map<string, EntityMetricTotals>();
  for (const entry of [...stored, ...pending]) {
    const key = metricKey(entry.type, entry.id);
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, totals: mergeTotals(seen.totals, entry.totals) } : entry);
  }
  return [...merged.values()];
}

/** Totals over every entity of each kind, and each kind's most executed entities. */
export function summarize(entries: readonly EntityMetricTotals[]): MetricsSummaryDto {
  const of = (type: MetricEntityType) => entries.filter((entry) => entry.type === type);
  const tools = of('tool');
  const resources = of('resource');
  const servers = of('server');
  const prompts = of('prompt');
  return {
    tools: toEntityMetrics(sumTotals(tools)),
    resources: toEntityMetrics(sumTotals(resources)),
    servers: toEntityMetrics(sumTotals(servers)),
    prompts: toEntityMetrics(sumTotals(prompts)),
    topTools: topEntities(tools),
    topResources: topEntities(resources),
    topServers: topEntities(servers),
    topPrompts: topEntities(prompts),
  };
}

/** The totals of all the entries together. */
export function sumTotals(entries: readonly EntityMetricTotals[]): MetricTotals {
  return entries.reduce((sum, entry) => mergeTotals(sum, entry.totals), emptyTotals());
}

/** The `limit` most executed entries, ties broken by id so the list is stable; entities never run are left out. */
export function topEntities(
  entries: readonly EntityMetricTotals[],
  limit = TOP_ENTITIES,
): TopEntityMetricsDto[] {
  return entries
    .filter((entry) => entry.totals.totalExecutions > 0)
    .sort(
      (a, b) =>
        b.totals.totalExecutions - a.totals.totalExecutions || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, limit)
    .map(({ id, totals }) => {
      const metrics = toEntityMetrics(totals);
      return {
        id,
        totalExecutions: metrics.totalExecutions,
        successfulExecutions: metrics.successfulExecutions,
        failedExecutions: metrics.failedExecutions,
        failureRate: metrics.failureRate,
        avgResponseTime: metrics.avgResponseTime,
      };
    });
}
