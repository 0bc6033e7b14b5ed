import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { MetricsRecorder, METRICS_FLUSH_INTERVAL_MS } from './metrics-recorder.js';
import { InMemoryMetricsRepository } from './test/in-memory-metrics.repository.js';

function recorder() {
  const repository = new InMemoryMetricsRepository();
  return { sut: new MetricsRecorder(repository), repository };
}

describe(MetricsRecorder.name, () => {
  let warn: MockInstance<Logger['warn']>;

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 31, 12, 0, 0) });
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe(MetricsRecorder.prototype.record.name, () => {
    it('keeps a delta per entity in memory, in seconds, and writes nothing', () => {
      const { sut, repository } = recorder();
      sut.record('tool', 't1', 250, true);
      sut.record('tool', 't1', 1500, false);
      sut.record('server', 't1', 100, true);
      expect(repository.batches).toEqual([]);
      expect(sut.pendingFor('tool', 't1')).toEqual({
        totalExecutions: 2,
        successfulExecutions: 1,
        failedExecutions: 1,
        minResponseTime: 0.25,
        maxResponseTime: 1.5,
        totalResponseTime: 1.75,
        lastExecutionTime: Date.UTC(2025, 0, 31, 12, 0, 0),
      });
      expect(sut.pendingFor('server', 't1')?.totalExecutions).toBe(1);
      expect(sut.pendingFor('prompt', 't1')).toBeUndefined();
    });

    it.each([
      ['negative', -5],
      ['NaN', Number.NaN],
      ['infinite', Number.POSITIVE_INFINITY],
    ])('counts a %s duration as 0 s, so one bad value cannot poison the sums', (_what, duration) => {
      const { sut } = recorder();
      sut.record('tool', 't', duration, true);
      expect(sut.pendingFor('tool', 't')).toMatchObject({
        totalExecutions: 1,
        minResponseTime: 0,
        maxResponseTime: 0,
        totalResponseTime: 0,
      });
    });

    it('does not count an id too long for the table, and warns once', () => {
      const { sut } = recorder();
      sut.record('tool', 'x'.repeat(65), 1, true);
      sut.record('tool', 'y'.repeat(65), 1, true);
      sut.record('tool', 'z'.repeat(64), 1, true);
      expect(sut.pendingEntries().map((e) => e.id)).toEqual(['z'.repeat(64)]);
      expect(warn).toHaveBeenCalledTimes(1);
    });
  });

  describe(MetricsRecorder.prototype.flush.name, () => {
    it('hands every pending delta to the repository in one batch and then forgets them', async () => {
      const { sut, repository } = recorder();
      sut.record('tool', 'a', 100, true);
      sut.record('prompt', 'b', 200, false);
      await expect(sut.flush()).resolves.toBe(true);
      expect(repository.batches).toHaveLength(1);
      expect(repository.batches[0].map((e) => `${e.type}/${e.id}`).sort()).toEqual(['prompt/b', 'tool/a']);
      expect(sut.pendingEntries()).toEqual([]);
    });

    it('does not call the repository when nothing is pending', async () => {
      const { sut, repository } = recorder();
      await sut.flush();
      expect(repository.batches).toEqual([]);
    });

    it('keeps the deltas of a failed flush, merged with calls counted meanwhile, logs a warning, and does not reject', async () => {
      const { sut, repository } = recorder();
      let failWrite!: (error: Error) => void;
      vi.spyOn(repository, 'add').mockImplementationOnce(
        () => new Promise<void>((_resolve, reject) => (failWrite = reject)),
      );
      sut.record('tool', 'a', 1000, true);
      const flushing = sut.flush();
      await vi.advanceTimersByTimeAsync(0);
      sut.record('tool', 'a', 3000, false); // counted while the write is under way
      sut.record('tool', 'b', 500, true);
      failWrite(new Error('database is locked'));
      await expect(flushing).resolves.toBe(false);

      expect(sut.pendingFor('tool', 'a')).toMatchObject({
        totalExecutions: 2,
        successfulExecutions: 1,
        failedExecutions: 1,
        minResponseTime: 1,
        maxResponseTime: 3,
        totalResponseTime: 4,
      });
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          entities: 1,
          error: expect.objectContaining({ message: 'database is locked' }),
        }),
      );

      await expect(sut.flush()).resolves.toBe(true);
      expect(repository.rows.get('tool:a')?.totals.totalExecutions).toBe(2);
      expect(repository.rows.get('tool:b')?.totals.totalExecutions).toBe(1);
      expect(sut.pendingEntries()).toEqual([]);
    });

    it('runs flushes one after another, never two at once', async () => {
      const { sut, repository } = recorder();
      let running = 0;
      let overlapped = false;
      const add = repository.add.bind(repository);
      vi.spyOn(repository, 'add').mockImplementation(async (deltas) => {
        running += 1;
        overlapped ||= running > 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
        return add(deltas);
      });
      sut.record('tool', 'a', 1, true);
      const first = sut.flush();
      await vi.advanceTimersByTimeAsync(0); // the first write is under way
      sut.record('tool', 'a', 1, true);
      const second = sut.flush();
      await vi.advanceTimersByTimeAsync(50);
      await Promise.all([first, second]);
      expect(overlapped).toBe(false);
      expect(repository.batches).toHaveLength(2);
      expect(repository.rows.get('tool:a')?.totals.totalExecutions).toBe(2);
    });
  });

  describe('lifecycle', () => {
    it('flushes every 5 seconds once the application has started', async () => {
      const { sut, repository } = recorder();
      sut.onApplicationBootstrap();
      sut.record('resource', 'r', 10, true);
      await vi.advanceTimersByTimeAsync(METRICS_FLUSH_INTERVAL_MS - 1);
      expect(repository.batches).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(repository.batches).toHaveLength(1);
      sut.record('resource', 'r', 10, true);
      await vi.advanceTimersByTimeAsync(METRICS_FLUSH_INTERVAL_MS);
      expect(repository.batches).toHaveLength(2);
      await sut.onApplicationShutdown();
    });

    it('flushes what is left on shutdown, and stops the timer', async () => {
      const { sut, repository } = recorder();
      sut.onApplicationBootstrap();
      sut.record('server', 's', 10, true);
      await sut.onApplicationShutdown();
      expect(repository.rows.get('server:s')?.totals.totalExecutions).toBe(1);
      sut.record('server', 's', 10, true);
      await vi.advanceTimersByTimeAsync(3 * METRICS_FLUSH_INTERVAL_MS);
      expect(repository.batches).toHaveLength(1);
    });
  });

  describe(MetricsRecorder.prototype.discardPending.name, () => {
    it.each([
      [undefined, undefined, []],
      ['tool', undefined, ['prompt/a']],
      ['tool', 'a', ['prompt/a', 'tool/b']],
    ] as const)('discards type=%s id=%s, keeping %j', (type, id, kept) => {
      const { sut } = recorder();
      sut.record('tool', 'a', 1, true);
      sut.record('tool', 'b', 1, true);
      sut.record('prompt', 'a', 1, true);
      sut.discardPending(type, id);
      expect(
        sut
          .pendingEntries()
          .map((e) => `${e.type}/${e.id}`)
          .sort(),
      ).toEqual(kept);
    });
  });
});
