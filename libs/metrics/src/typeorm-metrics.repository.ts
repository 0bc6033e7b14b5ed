import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { EntityMetricEntity, type MetricEntityType } from './entity-metric.entity.js';
import type { EntityMetricTotals } from './metric-totals.js';
import { MetricsRepository } from './metrics.repository.js';

const COLUMNS = [
  'entity_type',
  'entity_id',
  'total_executions',
  'successful_executions',
  'failed_executions',
  'min_response_time',
  'max_response_time',
  'total_response_time',
  'last_execution_time',
  'updated_at',
] as const;

// 10 parameters a row: 500 rows stay far below SQLite's (32766) and PostgreSQL's (65535) parameter limits.
const ROWS_PER_STATEMENT = 500;
const IDS_PER_QUERY = 500;

type Dialect = 'sqlite' | 'postgres';

/**
 * Adds deltas with one INSERT … ON CONFLICT DO UPDATE per 500 entities (SQLite ≥ 3.24 and PostgreSQL
 * share the syntax), so concurrent flushes from several replicas add up instead of overwriting each other.
 */
function upsertSql(dialect: Dialect, rows: number): string {
  const placeholder = dialect === 'postgres' ? (n: number) => `$${n}` : () => '?';
  const values = Array.from(
    { length: rows },
    (_, row) => `(${COLUMNS.map((_, col) => placeholder(row * COLUMNS.length + col + 1)).join(', ')})`,
  ).join(', ');
  const t = 'entity_metrics';
  // PostgreSQL's LEAST/GREATEST skip NULLs; SQLite's scalar MIN/MAX return NULL when any argument is
  // NULL, so each side falls back to the other first.
  const smaller = (a: string, b: string) =>
    dialect === 'postgres' ? `LEAST(${a}, ${b})` : `MIN(COALESCE(${a}, ${b}), COALESCE(${b}, ${a}))`;
  const larger = (a: string, b: string) =>
    dialect === 'postgres' ? `GREATEST(${a}, ${b})` : `MAX(COALESCE(${a}, ${b}), COALESCE(${b}, ${a}))`;
  return (
    `INSERT INTO ${t} (${COLUMNS.join(', ')}) VALUES ${values} ` +
    `ON CONFLICT (entity_type, entity_id) DO UPDATE SET ` +
    [
      `total_executions = ${t}.total_executions + excluded.total_executions`,
      `successful_executions = ${t}.successful_executions + excluded.successful_executions`,
      `failed_executions = ${t}.failed_executions + excluded.failed_executions`,
      `min_response_time = ${smaller(`${t}.min_response_time`, 'excluded.min_response_time')}`,
      `max_response_time = ${larger(`${t}.max_response_time`, 'excluded.max_response_time')}`,
      `total_response_time = ${t}.total_response_time + excluded.total_response_time`,
      `last_execution_time = ${larger(`${t}.last_execution_time`, 'excluded.last_execution_time')}`,
      `updated_at = excluded.updated_at`,
    ].join(', ')
  );
}

/** The metrics table through TypeORM, on SQLite or PostgreSQL. */
@Injectable()
export class TypeOrmMetricsRepository extends MetricsRepository {
  private readonly dialect: Dialect;

  constructor(@InjectRepository(EntityMetricEntity) private readonly rows: Repository<EntityMetricEntity>) {
    super();
    this.dialect = rows.manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async add(deltas: readonly EntityMetricTotals[]): Promise<void> {
    if (deltas.length === 0) return;
    // The same lock order in every replica: two flushes touching the same rows cannot deadlock.
    const sorted = [...deltas].sort((a, b) => compare(a.type, b.type) || compare(a.id, b.id));
    const now = new Date();
    // One statement is atomic by itself; only a larger flush needs an explicit transaction around its parts.
    if (sorted.length <= ROWS_PER_STATEMENT) {
      await this.upsert(this.rows.manager, sorted, now);
      return;
    }
    await this.rows.manager.transaction(async (manager) => {
      for (let start = 0; start < sorted.length; start += ROWS_PER_STATEMENT) {
        await this.upsert(manager, sorted.slice(start, start + ROWS_PER_STATEMENT), now);
      }
    });
  }

  async find(type: MetricEntityType, ids: readonly string[]): Promise<EntityMetricTotals[]> {
    const unique = [...new Set(ids)];
    const found: EntityMetricTotals[] = [];
    for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
      const rows = await this.rows.findBy({
        entityType: type,
        entityId: In(unique.slice(start, start + IDS_PER_QUERY)),
      });
      found.push(...rows.map(toTotals));
    }
    return found;
  }

  async findAll(): Promise<EntityMetricTotals[]> {
    return (await this.rows.find()).map(toTotals);
  }

  async delete(type?: MetricEntityType, id?: string): Promise<void> {
    const query = this.rows.createQueryBuilder().delete().from(EntityMetricEntity);
    if (type !== undefined) query.where('entity_type = :type', { type });
    if (type !== undefined && id !== undefined) query.andWhere('entity_id = :id', { id });
    await query.execute();
  }

  private async upsert(
    manager: EntityManager,
    batch: readonly EntityMetricTotals[],
    now: Date,
  ): Promise<void> {
    const params = batch.flatMap(({ type, id, totals }) => [
      type,
      id,
      totals.totalExecutions,
      totals.successfulExecutions,
      totals.failedExecutions,
      totals.minResponseTime,
      totals.maxResponseTime,
      totals.totalResponseTime,
      totals.lastExecutionTime === null ? null : this.timestamp(new Date(totals.lastExecutionTime)),
      this.timestamp(now),
    ]);
    await manager.query(upsertSql(this.dialect, batch.length), params);
  }

  // Written the way TypeORM writes these columns, so rows read back through the entity alike: pg is given a
  // Date; SQLite gets TypeORM's UTC text ('2025-01-31 12:00:00.000'), which also sorts correctly for MAX().
  private timestamp(date: Date): Date | string {
    return this.dialect === 'postgres' ? date : date.toISOString().replace('T', ' ').replace('Z', '');
  }
}

function toTotals(row: EntityMetricEntity): EntityMetricTotals {
  return {
    type: row.entityType,
    id: row.entityId,
    totals: {
      totalExecutions: Number(row.totalExecutions),
      successfulExecutions: Number(row.successfulExecutions),
      failedExecutions: Number(row.failedExecutions),
      minResponseTime: row.minResponseTime ?? null,
      maxResponseTime: row.maxResponseTime ?? null,
      totalResponseTime: Number(row.totalResponseTime),
      lastExecutionTime: row.lastExecutionTime ? row.lastExecutionTime.getTime() : null,
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
