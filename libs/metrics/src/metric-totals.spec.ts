import { describe, expect, it } from 'vitest';
import { addExecution, emptyTotals, mergeTotals } from './metric-totals.js';
import { totalsOf } from './test/metric-totals.factory.js';

describe(addExecution.name, () => {
  it('counts a first execution as count, minimum, maximum, sum and last time at once', () => {
    const sut = emptyTotals();
    addExecution(sut, 0.25, true, 1_000);
    expect(sut).toEqual({
      totalExecutions: 1,
      successfulExecutions: 1,
      failedExecutions: 0,
      minResponseTime: 0.25,
      maxResponseTime: 0.25,
      totalResponseTime: 0.25,
      lastExecutionTime: 1_000,
    });
  });

  it('keeps the fastest and slowest, adds the times, and counts failures apart', () => {
    const sut = emptyTotals();
    addExecution(sut, 0.5, true, 1_000);
    addExecution(sut, 0.125, false, 2_000);
    addExecution(sut, 2, true, 3_000);
    expect(sut).toEqual({
      totalExecutions: 3,
      successfulExecutions: 2,
      failedExecutions: 1,
      minResponseTime: 0.125,
      maxResponseTime: 2,
      totalResponseTime: 2.625,
      lastExecutionTime: 3_000,
    });
  });

  it('keeps the later time when an earlier execution is counted after a later one', () => {
    const sut = emptyTotals();
    addExecution(sut, 1, true, 5_000);
    addExecution(sut, 1, true, 4_000);
    expect(sut.lastExecutionTime).toBe(5_000);
  });

  it('counts a zero-length execution as the minimum', () => {
    const sut = emptyTotals();
    addExecution(sut, 0.3, true, 1);
    addExecution(sut, 0, true, 2);
    expect(sut.minResponseTime).toBe(0);
  });
});

describe(mergeTotals.name, () => {
  it('adds counts and times, takes the smaller minimum, the larger maximum and the later time', () => {
    const a = totalsOf({
      totalExecutions: 3,
      successfulExecutions: 2,
      failedExecutions: 1,
      minResponseTime: 0.2,
      maxResponseTime: 1,
      totalResponseTime: 1.5,
      lastExecutionTime: 10,
    });
    const b = totalsOf({
      totalExecutions: 2,
      successfulExecutions: 2,
      minResponseTime: 0.1,
      maxResponseTime: 0.5,
      totalResponseTime: 0.75,
      lastExecutionTime: 20,
    });
    expect(mergeTotals(a, b)).toEqual({
      totalExecutions: 5,
      successfulExecutions: 4,
      failedExecutions: 1,
      minResponseTime: 0.1,
      maxResponseTime: 1,
      totalResponseTime: 2.25,
      lastExecutionTime: 20,
    });
  });

  it('ignores the null minimum, maximum and time of a side without executions, whichever side it is', () => {
    const ran = totalsOf({
      totalExecutions: 1,
      successfulExecutions: 1,
      minResponseTime: 0.4,
      maxResponseTime: 0.4,
      totalResponseTime: 0.4,
      lastExecutionTime: 7,
    });
    expect(mergeTotals(ran, emptyTotals())).toEqual(ran);
    expect(mergeTotals(emptyTotals(), ran)).toEqual(ran);
  });

  it('keeps a minimum of 0 rather than treating it as missing', () => {
    const zero = totalsOf({ totalExecutions: 1, minResponseTime: 0, maxResponseTime: 0 });
    const slow = totalsOf({ totalExecutions: 1, minResponseTime: 3, maxResponseTime: 3 });
    expect(mergeTotals(slow, zero).minResponseTime).toBe(0);
  });

  it('gives null times when neither side ran', () => {
    expect(mergeTotals(emptyTotals(), emptyTotals())).toEqual(emptyTotals());
  });

  it('changes neither argument', () => {
    const a = totalsOf({ totalExecutions: 1, minResponseTime: 1, maxResponseTime: 1 });
    const b = totalsOf({ totalExecutions: 1, minResponseTime: 2, maxResponseTime: 2 });
    mergeTotals(a, b);
    expect(a).toEqual(totalsOf({ totalExecutions: 1, minResponseTime: 1, maxResponseTime: 1 }));
    expect(b).toEqual(totalsOf({ totalExecutions: 1, minResponseTime: 2, maxResponseTime: 2 }));
  });
});
