import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricsException } from './metrics.exception.js';
import { MetricsRecorder } from './metrics-recorder.js';
import { MetricsService } from './metrics.service.js';
import { InMemoryMetricsRepository } from './test/in-memory-metrics.repository.js';

const NOW = Date.UTC(2025, 0, 31, 12, 0, 0);

function service() {
  const repository = new InMemoryMetricsRepository();
  const recorder = new MetricsRecorder(repository);
  return { sut: new MetricsService(repository, recorder), recorder, repository };
}

describe(MetricsService.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe(MetricsService.prototype.forEntity.name, () => {
    it('sees a call right after it was recorded, before any flush', async () => {
      const { sut, recorder } = service();
      recorder.record('tool', 't', 400, false);
      expect(await sut.forEntity('tool', 't')).toEqual({
        totalExecutions: 1,
        successfulExecutions: 0,
        failedExecutions: 1,
        failureRate: 1,
        minResponseTime: 0.4,
        maxResponseTime: 0.4,
        avgResponseTime: 0.4,
        lastExecutionTime: new Date(NOW).toISOString(),
      });
    });

    it('adds the pending delta to the stored row: counts, average, min and max', async () => {
      const { sut, recorder } = service();
      recorder.record('tool', 't', 1000, true);
      recorder.record('tool', 't', 3000, true);
      await recorder.flush();
      vi.setSystemTime(NOW + 60_000);
      recorder.record('tool', 't', 500, false);
      expect(await sut.forEntity('tool', 't')).toEqual({
        totalExecutions: 3,
        successfulExecutions: 2,
        failedExecutions: 1,
        failureRate: 1 / 3,
        minResponseTime: 0.5,
        maxResponseTime: 3,
        avgResponseTime: 1.5,
        lastExecutionTime: new Date(NOW + 60_000).toISOString(),
      });
    });

    it('counts a flushed call once, not once from the table and once from memory', async () => {
      const { sut, recorder } = service();
      recorder.record('prompt', 'p', 10, true);
      await recorder.flush();
      expect((await sut.forEntity('prompt', 'p')).totalExecutions).toBe(1);
    });

    it('gives zeros for an entity that never ran', async () => {
      const { sut } = service();
      expect(await sut.forEntity('server', 'nope')).toMatchObject({
        totalExecutions: 0,
        failureRate: 0,
        avgResponseTime: null,
        lastExecutionTime: null,
      });
    });
  });

  describe(MetricsService.prototype.forEntities.name, () => {
    it('answers for every id asked, stored, pending or neither', async () => {
      const { sut, recorder } = service();
      recorder.record('resource', '1', 10, true);
      await recorder.flush();
      recorder.record('resource', '2', 10, true);
      recorder.record('tool', '3', 10, true);
      const metrics = await sut.forEntities('resource', ['1', '2', '3']);
      expect([...metrics].map(([id, m]) => [id, m.totalExecutions])).toEqual([
        ['1', 1],
        ['2', 1],
        ['3', 0],
      ]);
    });
  });

  describe(MetricsService.prototype.summary.name, () => {
    it('aggregates stored and pending executions of each kind', async () => {
      const { sut, recorder } = service();
      recorder.record('tool', 'a', 1000, true);
      recorder.record('tool', 'b', 2000, false);
      await recorder.flush();
      recorder.record('tool', 'b', 3000, true);
      const summary = await sut.summary();
      expect(summary.tools).toMatchObject({
        totalExecutions: 3,
        failedExecutions: 1,
        minResponseTime: 1,
        maxResponseTime: 3,
        avgResponseTime: 2,
      });
      expect(summary.topTools.map((t) => [t.id, t.totalExecutions])).toEqual([
        ['b', 2],
        ['a', 1],
      ]);
      expect(summary.prompts.totalExecutions).toBe(0);
    });
  });

  describe(MetricsService.prototype.prometheus.name, () => {
    it('includes executions not flushed yet', async () => {
      const { sut, recorder } = service();
      recorder.record('server', 's', 10, true);
      expect(await sut.prometheus()).toContain(
        'mcpgateway_executions_total{entity_type="server",entity_id="s",outcome="success"} 1',
      );
    });
  });

  describe(MetricsService.prototype.reset.name, () => {
    async function recordedEverywhere() {
      const ctx = service();
      for (const [type, id] of [
        ['tool', 'a'],
        ['tool', 'b'],
        ['prompt', 'a'],
      ] as const) {
        ctx.recorder.record(type, id, 10, true);
        await ctx.recorder.flush();
        ctx.recorder.record(type, id, 10, true); // one stored and one pending execution each
      }
      return ctx;
    }
    const count = async (sut: MetricsService, type: 'tool' | 'prompt', id: string) =>
      (await sut.forEntity(type, id)).totalExecutions;

    it('clears stored and pending metrics of everything', async () => {
      const { sut } = await recordedEverywhere();
      await expect(sut.reset()).resolves.toBe('Metrics reset for all entities');
      expect([
        await count(sut, 'tool', 'a'),
        await count(sut, 'tool', 'b'),
        await count(sut, 'prompt', 'a'),
      ]).toEqual([0, 0, 0]);
    });

    it('clears one kind only', async () => {
      const { sut } = await recordedEverywhere();
      await expect(sut.reset('tool')).resolves.toBe('Metrics reset for every tool');
      expect([
        await count(sut, 'tool', 'a'),
        await count(sut, 'tool', 'b'),
        await count(sut, 'prompt', 'a'),
      ]).toEqual([0, 0, 2]);
    });

    it('clears one entity only', async () => {
      const { sut } = await recordedEverywhere();
      await expect(sut.reset('tool', 'a')).resolves.toBe('Metrics reset for tool a');
      expect([
        await count(sut, 'tool', 'a'),
        await count(sut, 'tool', 'b'),
        await count(sut, 'prompt', 'a'),
      ]).toEqual([0, 2, 2]);
    });

    it('refuses an id without its kind with a 422 instead of clearing everything', async () => {
      const { sut } = await recordedEverywhere();
      const refused = sut.reset(undefined, 'a');
      await expect(refused).rejects.toBeInstanceOf(MetricsException);
      await expect(refused).rejects.toMatchObject({ code: 'METRICS_RESET_ID_WITHOUT_ENTITY', status: 422 });
      expect(await count(sut, 'tool', 'a')).toBe(2);
    });

    it('waits for a flush under way, so the flush cannot bring reset metrics back', async () => {
      const { sut, recorder, repository } = service();
      const add = repository.add.bind(repository);
      vi.spyOn(repository, 'add').mockImplementationOnce(async (deltas) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return add(deltas);
      });
      recorder.record('tool', 'a', 10, true);
      const flushing = recorder.flush();
      const resetting = sut.reset();
      await vi.advanceTimersByTimeAsync(100);
      await Promise.all([flushing, resetting]);
      expect(repository.rows.size).toBe(0);
    });
  });
});
