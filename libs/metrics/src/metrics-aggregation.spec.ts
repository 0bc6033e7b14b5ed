import { describe, expect, it } from 'vitest';
import { emptyTotals } from './metric-totals.js';
import { mergeEntries, summarize, sumTotals, toEntityMetrics, topEntities } from './metrics-aggregation.js';
import { entryOf, totalsOf } from './test/metric-totals.factory.js';

const ZERO = {
  totalExecutions: 0,
  successfulExecutions: 0,
  failedExecutions: 0,
  failureRate: 0,
  minResponseTime: null,
  maxResponseTime: null,
  avgResponseTime: null,
  lastExecutionTime: null,
};

describe(toEntityMetrics.name, () => {
  it('derives the failure rate and the average, and gives the last time as ISO 8601', () => {
    const sut = toEntityMetrics(
      totalsOf({
        totalExecutions: 4,
        successfulExecutions: 3,
        failedExecutions: 1,
        minResponseTime: 0.5,
        maxResponseTime: 3,
        totalResponseTime: 6,
        lastExecutionTime: Date.UTC(2025, 0, 31, 12, 0, 0, 250),
      }),
    );
    expect(sut).toEqual({
      totalExecutions: 4,
      successfulExecutions: 3,
      failedExecutions: 1,
      failureRate: 0.25,
      minResponseTime: 0.5,
      maxResponseTime: 3,
      avgResponseTime: 1.5,
      lastExecutionTime: '2025-01-31T12:00:00.250Z',
    });
  });

  it('gives a rate of 0 and null times, not NaN, when nothing ran', () => {
    expect(toEntityMetrics(emptyTotals())).toEqual(ZERO);
  });

  it('gives a rate of 1 when every execution failed', () => {
    const sut = toEntityMetrics(totalsOf({ totalExecutions: 2, failedExecutions: 2, totalResponseTime: 1 }));
    expect(sut.failureRate).toBe(1);
    expect(sut.avgResponseTime).toBe(0.5);
  });
});

describe(mergeEntries.name, () => {
  it('adds the pending delta of an entity to its stored totals', () => {
    const stored = [
      entryOf('tool', 'a', {
        totalExecutions: 2,
        successfulExecutions: 2,
        minResponseTime: 1,
        maxResponseTime: 2,
      }),
    ];
    const pending = [
      entryOf('tool', 'a', {
        totalExecutions: 1,
        failedExecutions: 1,
        minResponseTime: 0.5,
        maxResponseTime: 0.5,
      }),
    ];
    expect(mergeEntries(stored, pending)).toEqual([
      entryOf('tool', 'a', {
        totalExecutions: 3,
        successfulExecutions: 2,
        failedExecutions: 1,
        minResponseTime: 0.5,
        maxResponseTime: 2,
      }),
    ]);
  });

  it('keeps entities only one side knows, and does not mix up the same id of different kinds', () => {
    const sut = mergeEntries(
      [entryOf('tool', '1', { totalExecutions: 1 }), entryOf('resource', '1', { totalExecutions: 5 })],
      [entryOf('prompt', '1', { totalExecutions: 2 })],
    );
    expect(sut).toHaveLength(3);
    expect(sut.find((e) => e.type === 'resource')?.totals.totalExecutions).toBe(5);
    expect(sut.find((e) => e.type === 'prompt')?.totals.totalExecutions).toBe(2);
  });
});

describe(sumTotals.name, () => {
  it('takes the minimum of the minimums and the maximum of the maximums across entities', () => {
    const sut = sumTotals([
      entryOf('tool', 'a', {
        totalExecutions: 1,
        minResponseTime: 0.3,
        maxResponseTime: 0.3,
        totalResponseTime: 0.3,
      }),
      entryOf('tool', 'b', {
        totalExecutions: 2,
        minResponseTime: 0.1,
        maxResponseTime: 0.9,
        totalResponseTime: 1,
      }),
      entryOf('tool', 'c'),
    ]);
    expect(sut).toMatchObject({ totalExecutions: 3, minResponseTime: 0.1, maxResponseTime: 0.9 });
  });
});

describe(summarize.name, () => {
  it('gives zeros and empty top lists for every kind when nothing ran', () => {
    expect(summarize([])).toEqual({
      tools: ZERO,
      resources: ZERO,
      servers: ZERO,
      prompts: ZERO,
      topTools: [],
      topResources: [],
      topServers: [],
      topPrompts: [],
    });
  });

  it('averages over all executions of a kind, not over the entities’ averages', () => {
    // The tools' own means are 1, 1 and 2 s (mean of means 1.33 s); over all 8 executions it is 12 s / 8.
    const sut = summarize([
      entryOf('tool', 'a', { totalExecutions: 1, successfulExecutions: 1, totalResponseTime: 1 }),
      entryOf('tool', 'b', {
        totalExecutions: 3,
        successfulExecutions: 2,
        failedExecutions: 1,
        totalResponseTime: 3,
      }),
      entryOf('tool', 'c', {
        totalExecutions: 4,
        successfulExecutions: 1,
        failedExecutions: 3,
        totalResponseTime: 8,
      }),
      entryOf('server', 's', { totalExecutions: 2, successfulExecutions: 2, totalResponseTime: 1 }),
    ]);
    expect(sut.tools).toMatchObject({
      totalExecutions: 8,
      successfulExecutions: 4,
      failedExecutions: 4,
      failureRate: 0.5,
      avgResponseTime: 1.5,
    });
    expect(sut.servers).toMatchObject({ totalExecutions: 2, failureRate: 0, avgResponseTime: 0.5 });
    expect(sut.resources).toEqual(ZERO);
    expect(sut.topTools.map((t) => t.id)).toEqual(['c', 'b', 'a']);
    expect(sut.topServers).toEqual([
      {
        id: 's',
        totalExecutions: 2,
        successfulExecutions: 2,
        failedExecutions: 0,
        failureRate: 0,
        avgResponseTime: 0.5,
      },
    ]);
  });
});

describe(topEntities.name, () => {
  it('lists at most five, most executed first, ties by id, leaving out entities that never ran', () => {
    const counts: [string, number][] = [
      ['f', 1],
      ['e', 9],
      ['d', 3],
      ['c', 3],
      ['b', 7],
      ['a', 2],
      ['z', 0],
    ];
    const sut = topEntities(counts.map(([id, n]) => entryOf('prompt', id, { totalExecutions: n })));
    expect(sut.map((t) => [t.id, t.totalExecutions])).toEqual([
      ['e', 9],
      ['b', 7],
      ['c', 3],
      ['d', 3],
      ['a', 2],
    ]);
  });
});
