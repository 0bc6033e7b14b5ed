import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { errorFields } from '@app/common';
import type { MetricEntityType } from './entity-metric.entity.js';
import {
  addExecution,
  emptyTotals,
  type EntityMetricTotals,
  mergeTotals,
  type MetricTotals,
} from './metric-totals.js';
import { MetricsRepository } from './metrics.repository.js';

/** How often pending deltas are added to the database. */
export const METRICS_FLUSH_INTERVAL_MS = 5_000;

/** The entity_id column is varchar(64); a longer id would make PostgreSQL refuse the whole batch forever. */
const MAX_ID_LENGTH = 64;

/**
 * Counts executions of tools, resources, prompts and servers. {@link MetricsRecorder.record} is on the hot
 * path of every call: it only updates a per-entity delta in memory. Every 5 seconds, and once more when the
 * application shuts down, the deltas are added to the `entity_metrics` rows (never overwritten, so replicas
 * sharing a database add up). A flush that fails keeps its deltas for the next attempt.
 */
@Injectable()
export class MetricsRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsRecorder.name);
  /** Deltas by entity type, then id (two levels: no key string is built per call on the hot path). */
  private pending = new Map<MetricEntityType, Map<string, EntityMetricTotals>>();
  // Flushes, and reads and resets that must not overlap one, run one after another on this chain.
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private warnedAboutLongId = false;

  constructor(private readonly repository: MetricsRepository) {}

  /**
   * Counts one execution. O(1), synchronous, never touches the database and never throws.
   *
   * @param type what was executed
   * @param id its id (a number id as a string); ids longer than 64 characters are not counted
   * @param durationMs how long it took, in milliseconds (stored in seconds); a negative or non-finite
   *   duration counts as 0
   * @param success whether it succeeded
   */
  record(type: MetricEntityType, id: string, durationMs: number, success: boolean): void {
    if (id.length > MAX_ID_LENGTH) {
      if (!this.warnedAboutLongId) {
        this.warnedAboutLongId = true;
        this.logger.warn(`Not counting executions of ids longer than ${MAX_ID_LENGTH} characters (${type})`);
      }
      return;
    }
    const ofType = this.pendingOf(type);
    let entry = ofType.get(id);
    if (!entry) {
      entry = { type, id, totals: emptyTotals() };
      ofType.set(id, entry);
    }
    const seconds = Number.isFinite(durationMs) && durationMs > 0 ? durationMs / 1000 : 0;
    addExecution(entry.totals, seconds, success, Date.now());
  }

  /** The delta of one entity not yet in the database, if any. */
  pendingFor(type: MetricEntityType, id: string): Readonly<MetricTotals> | undefined {
    return this.pending.get(type)?.get(id)?.totals;
  }

  /** Every delta not yet in the database (copies). */
  pendingEntries(): EntityMetricTotals[] {
    return this.entries().map((entry) => ({ ...entry, totals: { ...entry.totals } }));
  }

  /** Forgets the deltas not yet in the database: all of them, those of one kind, or one entity's. */
  discardPending(type?: MetricEntityType, id?: string): void {
    if (type === undefined) {
      this.pending.clear();
    } else if (id !== undefined) {
      this.pending.get(type)?.delete(id);
    } else {
      this.pending.delete(type);
    }
  }

  /**
   * Adds every pending delta to the database now. Never rejects: a failure is logged and the deltas stay
   * pending (merged with anything recorded meanwhile). Resolves to whether the database has them.
   */
  flush(): Promise<boolean> {
    return this.exclusive(() => this.writePending());
  }

  /**
   * Runs `work` when no flush is under way, and starts no flush until it is done. Reads that combine the
   * stored totals with {@link pendingEntries} use it, so a delta is never counted twice or missed.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), METRICS_FLUSH_INTERVAL_MS);
    // The timer alone must not keep the process alive; shutdown flushes what is left.
    this.timer.unref();
  }

  // MetricsModule is not global, so Nest shuts it down after the HTTP server closed (no more calls are
  // counted) and before the global TypeORM module closes the connection.
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writePending(): Promise<boolean> {
    const batch = this.entries();
    if (batch.length === 0) return true;
    this.pending = new Map();
    try {
      await this.repository.add(batch);
      return true;
    } catch (error) {
      // Calls counted during the failed attempt are already in the new map: merge, do not replace.
      for (const entry of batch) {
        const ofType = this.pendingOf(entry.type);
        const later = ofType.get(entry.id);
        ofType.set(entry.id, later ? { ...entry, totals: mergeTotals(entry.totals, later.totals) } : entry);
      }
      this.logger.warn({
        msg: 'Metrics flush failed; the deltas are kept for the next attempt',
        entities: batch.length,
        error: errorFields(error),
      });
      return false;
    }
  }

  /** The pending deltas of one entity type (made on first use). */
  private pendingOf(type: MetricEntityType): Map<string, EntityMetricTotals> {
    let ofType = this.pending.get(type);
    if (!ofType) {
      ofType = new Map();
      this.pending.set(type, ofType);
    }
    return ofType;
  }

  private entries(): EntityMetricTotals[] {
    const all: EntityMetricTotals[] = [];
    for (const ofType of this.pending.values()) for (const entry of ofType.values()) all.push(entry);
    return all;
  }
}
