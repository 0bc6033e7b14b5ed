import { describe, expect, it } from 'vitest';
import type { WorkloadResult } from '../../bench/lib/results.js';
import {
  BRACKETING,
  CPU_COMPARED,
  LATENCY_BRACKETING,
  LATENCY_COMPARED,
  referenceWindows,
  runOrder,
} from '../../bench/lib/run-order.js';
import { evaluateTargets } from '../../bench/lib/targets.js';

const ids = (list: { id: string }[]) => list.map((d) => d.id);
const defs = (...names: string[]) => names.map((id) => ({ id }));

describe('bench runOrder', () => {
  it('runs the rows each group of targets compares back to back where the first was declared, the forwarder first and last', () => {
    const declared = defs(
      'direct-http-c1',
      'forwarder-http-c1',
      'mcp-proxy-http-c1',
      'gateway-http-c1',
      'gateway-stateful-http-c1',
      'direct-sse-c1',
      'direct-http-c32',
      'forwarder-http-c32',
      'mcp-proxy-http-c32',
      'gateway-http-c32',
      'gateway-stateful-http-c32',
      'direct-sse-c32',
      'forwarder-sse-c32',
      'mcp-proxy-sse-c32',
      'gateway-sse-c32',
      'gateway-list-c8',
    );
    expect(ids(runOrder(declared))).toEqual([
      ...LATENCY_COMPARED,
      LATENCY_BRACKETING,
      'mcp-proxy-http-c1',
      'direct-sse-c1',
      'direct-http-c32',
      ...CPU_COMPARED,
      BRACKETING,
      'direct-sse-c32',
      'forwarder-sse-c32',
      'gateway-list-c8',
    ]);
  });

  it('keeps a subset in the same shape, and leaves a list without compared rows alone', () => {
    const subset = defs(
      'gateway-sse-c32',
      'gateway-http-c1',
      'mcp-proxy-http-c1',
      'direct-http-c1',
      'forwarder-http-c32',
    );
    expect(ids(runOrder(subset))).toEqual([
      'forwarder-http-c32',
      'gateway-sse-c32',
      'forwarder-http-c32',
      'direct-http-c1',
      'gateway-http-c1',
      'mcp-proxy-http-c1',
    ]);
    // The latency group is bracketed by its forwarder only when the forwarder is among the rows.
    expect(ids(runOrder(defs('forwarder-http-c1', 'mcp-proxy-http-c1', 'gateway-stateful-http-c1')))).toEqual(
      ['forwarder-http-c1', 'gateway-stateful-http-c1', 'forwarder-http-c1', 'mcp-proxy-http-c1'],
    );
    expect(ids(runOrder(defs('forwarder-http-c32')))).toEqual(['forwarder-http-c32']);
    const none = defs('a', 'b');
    expect(runOrder(none)).toEqual(none);
  });
});

describe('bench referenceWindows', () => {
  it('averages the two windows of each round of a bracketing reference, and refuses what cannot be aligned', () => {
    expect(referenceWindows([1, 2, 3], [10, 20, 30])).toEqual([10, 20, 30]);
    expect(referenceWindows([1, 2, 3], [10, 30, 20, 40, null, 50])).toEqual([20, 30, null]);
    expect(referenceWindows([1, 2, 3], [10, 20])).toBeUndefined();
  });

  it('sets each gateway window against its round of the forwarder in the CPU target', () => {
    const row = (id: string, hop: string, windows: number[]): WorkloadResult =>
      ({
        id,
        status: 'ok',
        hop,
        processes: { [hop]: { cpuUsPerCall: windows[0], cpuUsPerCallWindows: windows } },
        callsPerSec: 2000,
        errors: 0,
        wrong: 0,
        latencyMs: { p50: 1, p90: 1, p99: 1, max: 1, mean: 1 },
      }) as unknown as WorkloadResult;
    const targets = evaluateTargets({
      workloads: [
        row('forwarder-http-c32', 'forwarder', [100, 140, 200, 200, 100, 100]),
        row('gateway-http-c32', 'gateway', [130, 290, 160]),
      ],
      listTools: 1000,
    });
    const target = targets.find(
      (t) => t.name.startsWith('gateway CPU/call ≤ 1.5× bare forwarder') && t.name.includes('stateless'),
    );
    expect(target?.status).toBe('pass');
    expect(target?.detail).toContain('median of rounds 1.08 / 1.45 / 1.60');
  });
});
