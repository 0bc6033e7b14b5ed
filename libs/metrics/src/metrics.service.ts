import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityMetricsDto } from './dto/entity-metrics.dto.js';
import type { MetricsSummaryDto } from './dto/metrics-summary.dto.js';
import type { MetricEntityType } from './entity-metric.entity.js';
import { emptyTotals, type EntityMetricTotals, mergeTotals } from './metric-totals.js';
import { mergeEntries, summarize, toEntityMetrics } from './metrics-aggregation.js';
import { MetricsException } from './metrics.exception.js';
import { MetricsRecorder } from './metrics-recorder.js';
import { MetricsRepository } from './metrics.repository.js';
import { renderPrometheus } from './prometheus-exposition.js';

/**
 * Reads and resets execution metrics. Every read adds the deltas this process has not flushed yet to the
 * stored totals, so a call is visible the moment it has been recorded. Deltas still pending in other
 * replicas show up once they flush (within 5 seconds).
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly repository: MetricsRepository,
    private readonly recorder: MetricsRecorder,
  ) {}

  /** The metrics of one entity; zeros (and null times) when it never ran. */
  async forEntity(type: MetricEntityType, id: string): Promise<EntityMetricsDto> {
    return (await this.forEntities(type, [id])).get(id) ?? toEntityMetrics(emptyTotals());
  }

  /** The metrics of several entities of one kind, by id; every id asked for has an entry. */
  forEntities(type: MetricEntityType, ids: readonly string[]): Promise<Map<string, EntityMetricsDto>> {
    return this.recorder.exclusive(async () => {
      const stored = new Map(
        (await this.repository.find(type, ids)).map((entry) => [entry.id, entry.totals]),
      );
      const metrics = new Map<string, EntityMetricsDto>();
      for (const id of ids) {
        const pending = this.recorder.pendingFor(type, id);
        const totals = stored.get(id) ?? emptyTotals();
        metrics.set(id, toEntityMetrics(pending ? mergeTotals(totals, pending) : totals));
      }
      return metrics;
    });
  }

  /** GET /metrics: totals per kind over all its entities, and the five most executed of each kind. */
  async summary(): Promise<MetricsSummaryDto> {
    return summarize(await this.allEntries());
  }

  /**
   * Every entity's totals in the Prometheus text exposition format. The totals come from the shared
   * database, so every replica reports the whole cluster's counts: aggregate replicas with max(), not sum().
   */
  async prometheus(): Promise<string> {
    return renderPrometheus(await this.allEntries());
  }

  /**
   * Deletes metrics: all of them, those of one kind, or one entity's; both the stored rows and this
   * process's pending deltas. An id needs its kind. Deltas other replicas have not flushed yet (at most
   * 5 seconds' worth) still arrive afterwards.
   *
   * @returns what was reset, in words
   */
  reset(type?: MetricEntityType, id?: string): Promise<string> {
    if (type === undefined && id !== undefined) {
      return Promise.reject(
        new MetricsException(
          'METRICS_RESET_ID_WITHOUT_ENTITY',
          `An id needs its kind of entity: add entity=tool, resource, prompt or server to reset "${id}"`,
          HttpStatus.UNPROCESSABLE_ENTITY,
        ),
      );
    }
    return this.recorder.exclusive(async () => {
      await this.repository.delete(type, id);
      this.recorder.discardPending(type, id);
      if (type === undefined) return 'Metrics reset for all entities';
      return id === undefined ? `Metrics reset for every ${type}` : `Metrics reset for ${type} ${id}`;
    });
  }

  private allEntries(): Promise<EntityMetricTotals[]> {
    return this.recorder.exclusive(async () =>
      mergeEntries(await this.repository.findAll(), this.recorder.pendingEntries()),
    );
  }
}
