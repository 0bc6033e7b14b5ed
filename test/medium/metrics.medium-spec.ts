import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { EntityMetricEntity, MetricsModule, MetricsRecorder, MetricsService } from '@app/metrics';
import { ALL_ENTITIES } from '../../migrations/entities.js';
import { scratchPostgresUrl, withScratchDatabase } from '../../migrations/schema-diff.js';

/** One gateway process as far as metrics go: the real MetricsModule on its own connection. */
interface Replica {
  recorder: MetricsRecorder;
  service: MetricsService;
  /** Starts the 5-second flush timer, as application start-up does. */
  start(): Promise<void>;
  /** Shuts down as the application does: final flush, then the connection closes. */
  stop(): Promise<void>;
}

async function startReplica(options: DataSourceOptions): Promise<Replica> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      // Every entity, as the gateway has; autoLoadEntities would depend on which libs this file happens to import.
      TypeOrmModule.forRoot({
        ...options,
        entities: ALL_ENTITIES,
        migrations: [],
        synchronize: false,
        retryAttempts: 0,
      }),
      MetricsModule,
    ],
  }).compile();
  return {
    recorder: moduleRef.get(MetricsRecorder),
    service: moduleRef.get(MetricsService),
    start: async () => {
      await moduleRef.init();
    },
    stop: () => moduleRef.close(),
  };
}

/** A migrated scratch database, a direct connection to it for checks, and a way to start replicas on it. */
async function withMetricsDatabase(
  dialect: 'sqlite' | 'postgres',
  work: (db: { direct: DataSource; replica: () => Promise<Replica> }) => Promise<void>,
): Promise<void> {
  await withScratchDatabase(dialect, scratchPostgresUrl(process.env), async (options) => {
    const direct = await new DataSource({ ...options, entities: ALL_ENTITIES }).initialize();
    const replicas: Replica[] = [];
    try {
      await direct.runMigrations({ transaction: 'each' });
      await work({
        direct,
        replica: async () => {
          const replica = await startReplica(options);
          replicas.push(replica);
          return replica;
        },
      });
    } finally {
      for (const replica of replicas) await replica.stop().catch(() => undefined);
      await direct.destroy();
    }
  });
}

function storedRow(direct: DataSource, type: string, id: string): Promise<EntityMetricEntity | null> {
  return direct
    .getRepository(EntityMetricEntity)
    .findOneBy({ entityType: type as EntityMetricEntity['entityType'], entityId: id });
}

// No fake timers here: TypeORM recognises Date columns by comparing with the global Date, which they replace.
describe.each(['sqlite', 'postgres'] as const)('metrics flush (%s)', (dialect) => {
  let warn: MockInstance<Logger['warn']>;

  beforeEach(() => {
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('adds two flushes together: counts, sum, min, max and the latest time, in seconds', async () => {
    await withMetricsDatabase(dialect, async ({ direct, replica }) => {
      const { recorder, service } = await replica();
      recorder.record('tool', 'weather', 100, true);
      recorder.record('tool', 'weather', 300, false);
      expect(await recorder.flush()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const before = Date.now();
      recorder.record('tool', 'weather', 50, true);
      const after = Date.now();
      expect(await recorder.flush()).toBe(true);

      const row = await storedRow(direct, 'tool', 'weather');
      expect(row).toMatchObject({
        totalExecutions: 3,
        successfulExecutions: 2,
        failedExecutions: 1,
        minResponseTime: 0.05,
        maxResponseTime: 0.3,
      });
      expect(row!.totalResponseTime).toBeCloseTo(0.45, 10);
      // Read back through the entity as a Date, to the millisecond: the later flush's time, not the first's.
      expect(row!.lastExecutionTime).toBeInstanceOf(Date);
      expect(row!.lastExecutionTime!.getTime()).toBeGreaterThanOrEqual(before);
      expect(row!.lastExecutionTime!.getTime()).toBeLessThanOrEqual(after);

      const metrics = await service.forEntity('tool', 'weather');
      expect(metrics).toMatchObject({
        totalExecutions: 3,
        failureRate: 1 / 3,
        minResponseTime: 0.05,
        maxResponseTime: 0.3,
        lastExecutionTime: row!.lastExecutionTime!.toISOString(),
      });
      expect(metrics.avgResponseTime).toBeCloseTo(0.15, 10);
    });
  });

  it('aggregates two replicas flushing into the same database, also when they flush at the same moment', async () => {
    await withMetricsDatabase(dialect, async ({ direct, replica }) => {
      const [a, b] = [await replica(), await replica()];
      const rounds = 10;
      for (let round = 0; round < rounds; round++) {
        for (const [index, r] of [a, b].entries()) {
          r.recorder.record('tool', 'shared', 100 * (index + 1), true);
          r.recorder.record('server', 'shared', 10, round % 2 === 0);
          r.recorder.record('prompt', `only-${index}`, 20, true);
        }
        const written = await Promise.all([a.recorder.flush(), b.recorder.flush()]);
        expect(written).toEqual([true, true]);
      }

      expect(await storedRow(direct, 'tool', 'shared')).toMatchObject({
        totalExecutions: 2 * rounds,
        successfulExecutions: 2 * rounds,
        minResponseTime: 0.1,
        maxResponseTime: 0.2,
      });
      expect(await storedRow(direct, 'server', 'shared')).toMatchObject({
        totalExecutions: 2 * rounds,
        successfulExecutions: rounds,
        failedExecutions: rounds,
      });
      expect((await storedRow(direct, 'prompt', 'only-0'))?.totalExecutions).toBe(rounds);
      expect((await storedRow(direct, 'prompt', 'only-1'))?.totalExecutions).toBe(rounds);
      // Either replica reads the cluster-wide totals.
      const summary = await b.service.summary();
      expect(summary.tools.totalExecutions).toBe(2 * rounds);
      expect(summary.tools.avgResponseTime).toBeCloseTo(0.15, 10);
      expect(summary.topPrompts.map((p) => p.id)).toEqual(['only-0', 'only-1']);
    });
  });

  it('combines minimum and maximum across flushes, whichever side holds the extreme', async () => {
    await withMetricsDatabase(dialect, async ({ direct, replica }) => {
      const [a, b] = [await replica(), await replica()];
      a.recorder.record('resource', '7', 200, true);
      a.recorder.record('resource', '7', 800, true);
      await a.recorder.flush();
      b.recorder.record('resource', '7', 100, true); // new minimum from the delta
      b.recorder.record('resource', '7', 500, true); // not a new maximum
      await b.recorder.flush();
      expect(await storedRow(direct, 'resource', '7')).toMatchObject({
        minResponseTime: 0.1,
        maxResponseTime: 0.8,
      });

      a.recorder.record('resource', '7', 300, true); // neither
      await a.recorder.flush();
      b.recorder.record('resource', '7', 1200, true); // new maximum only
      await b.recorder.flush();
      expect(await storedRow(direct, 'resource', '7')).toMatchObject({
        totalExecutions: 6,
        minResponseTime: 0.1,
        maxResponseTime: 1.2,
      });

      // An older delta flushed after a newer one leaves the newer time in place.
      b.recorder.record('resource', '7', 10, true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      a.recorder.record('resource', '7', 10, true);
      const newest = a.recorder.pendingFor('resource', '7')!.lastExecutionTime!;
      await a.recorder.flush();
      await b.recorder.flush();
      expect((await storedRow(direct, 'resource', '7'))?.lastExecutionTime?.getTime()).toBe(newest);
    });
  });

  it('fills in a stored row whose minimum, maximum and time are NULL instead of keeping NULL', async () => {
    await withMetricsDatabase(dialect, async ({ direct, replica }) => {
      // A row without executions (column defaults): SQLite's MIN(NULL, x) would be NULL, LEAST(NULL, x) is x.
      await direct.getRepository(EntityMetricEntity).insert({ entityType: 'prompt', entityId: 'p' });
      const { recorder } = await replica();
      recorder.record('prompt', 'p', 250, false);
      await recorder.flush();
      const row = await storedRow(direct, 'prompt', 'p');
      expect(row).toMatchObject({
        totalExecutions: 1,
        failedExecutions: 1,
        minResponseTime: 0.25,
        maxResponseTime: 0.25,
      });
      expect(row!.lastExecutionTime).toBeInstanceOf(Date);
    });
  });

  it('keeps the deltas of a failed flush, logs a warning, and writes them with the next one', async () => {
    await withMetricsDatabase(dialect, async ({ direct, replica }) => {
      const { recorder, service } = await replica();
      recorder.record('tool', 'flaky', 400, true);
      await direct.query('ALTER TABLE entity_metrics RENAME TO entity_metrics_away');
      expect(await recorder.flush()).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ entities: 1 }));
      recorder.record('tool', 'flaky', 100, false); // counted while the database is away
      await direct.query('ALTER TABLE entity_metrics_away RENAME TO entity_metrics');

      expect(await recorder.flush()).toBe(true);
      expect(await storedRow(direct, 'tool', 'flaky')).toMatchObject({
        totalExecutions: 2,
        successfulExecutions: 1,
        failedExecutions: 1,
        minResponseTime: 0.1,
        maxResponseTime: 0.4,
      });
      expect((await service.forEntity('tool', 'flaky')).totalExecutions).toBe(2);
    });
  });

  it('writes a flush of more entities than one statement takes (500) in one transaction', async () => {
    await withMetricsDatabase(dialect, async ({ direct, replica }) => {
      const { recorder, service } = await replica();
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 1_201; i++) recorder.record('tool', `tool-${i}`, 10, i % 3 !== 0);
        expect(await recorder.flush()).toBe(true);
      }
      // COUNT and SUM arrive as strings from pg (bigint) and as numbers from SQLite.
      const [{ rows, executions }] = await direct.query<
        { rows: string | number; executions: string | number }[]
      >('SELECT COUNT(*) AS rows, SUM(total_executions) AS executions FROM entity_metrics');
      expect([Number(rows), Number(executions)]).toEqual([1_201, 2 * 1_201]);
      expect((await service.summary()).tools).toMatchObject({
        totalExecutions: 2 * 1_201,
        failedExecutions: 2 * 401,
      });
    });
  });

  it('resets one entity, one kind, or everything in the database', async () => {
    await withMetricsDatabase(dialect, async ({ direct, replica }) => {
      const { recorder, service } = await replica();
      for (const [type, id] of [
        ['tool', 'a'],
        ['tool', 'b'],
        ['server', 'a'],
      ] as const)
        recorder.record(type, id, 10, true);
      await recorder.flush();
      const ids = async () =>
        (
          await direct
            .getRepository(EntityMetricEntity)
            .find({ order: { entityType: 'ASC', entityId: 'ASC' } })
        ).map((row) => `${row.entityType}/${row.entityId}`);

      await service.reset('tool', 'a');
      expect(await ids()).toEqual(['server/a', 'tool/b']);
      await service.reset('tool');
      expect(await ids()).toEqual(['server/a']);
      await service.reset();
      expect(await ids()).toEqual([]);
    });
  });

  it('flushes on application shutdown, before the database connection closes', async () => {
    await withMetricsDatabase(dialect, async ({ direct, replica }) => {
      const gateway = await replica();
      await gateway.start();
      gateway.recorder.record('server', 'srv', 75, true);
      await gateway.stop();
      expect(warn).not.toHaveBeenCalled();
      expect((await storedRow(direct, 'server', 'srv'))?.totalExecutions).toBe(1);
    });
  });
});
