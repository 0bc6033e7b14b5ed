import { describe, expect, it } from 'vitest';
import { CPU_COMPARED, runOrder } from '../../bench/lib/run-order.js';

const ids = (list: { id: string }[]) => list.map((d) => d.id);
const defs = (...names: string[]) => names.map((id) => ({ id }));

describe('bench runOrder', () => {
  it('runs the rows the CPU targets compare back to back, where the first of them was declared', () => {
    const declared = defs(
      'direct-http-c1',
      'gateway-http-c1',
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
      'direct-http-c1',
      'gateway-http-c1',
      'direct-http-c32',
      ...CPU_COMPARED,
      'direct-sse-c32',
      'forwarder-sse-c32',
      'gateway-list-c8',
    ]);
  });

  it('keeps every workload once, also for a subset, and leaves a list without compared rows alone', () => {
    const subset = defs('gateway-sse-c32', 'direct-http-c1', 'forwarder-http-c32');
    expect(ids(runOrder(subset))).toEqual(['forwarder-http-c32', 'gateway-sse-c32', 'direct-http-c1']);
    const none = defs('a', 'b');
    expect(runOrder(none)).toEqual(none);
  });
});
