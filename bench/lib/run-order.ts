/** The order a round runs the workloads in (see workloads.ts for what they are). */

/**
 * The rows that the CPU-per-call targets compare with each other, in the order a round runs them: each gateway
 * row next to the peer it is compared with, and the bare forwarder, which every gateway row is compared with, both
 * first and last (see {@link runOrder}).
 */
export const CPU_COMPARED = [
  'forwarder-http-c32',
  'gateway-http-c32',
  'mcp-proxy-http-c32',
  'gateway-stateful-http-c32',
  'gateway-sse-c32',
  'mcp-proxy-sse-c32',
];

/** The reference row that a round measures twice, before and after the rows compared with it. */
export const BRACKETING = 'forwarder-http-c32';

/**
 * The rows that the latency targets at concurrency 1 compare (added p50 over the upstream direct, p99 over the
 * bare forwarder's), in the order a round runs them, the forwarder again last ({@link LATENCY_BRACKETING}). They
 * share the HTTP upstream, and nothing runs between them: mcp-proxy's row, declared among them, calls an upstream
 * of its own over stdio and leaves the HTTP upstream idle for its whole window (docs/performance.md, "Sixth
 * round", for what that did to the rows after it).
 */
export const LATENCY_COMPARED = [
  'direct-http-c1',
  'forwarder-http-c1',
  'gateway-http-c1',
  'gateway-stateful-http-c1',
];

/**
 * The reference row of the p99 target, measured before and after the gateway rows each round: its p99 is taken
 * over both windows, so that a drift within the group does not favour the gateway row that ran nearest to it.
 */
export const LATENCY_BRACKETING = 'forwarder-http-c1';

/**
 * The order a round runs the workloads in: the declared order, except that the rows each group of targets
 * compares run back to back, where the first of them was declared, and the group's forwarder row (c1 in the
 * latency group, c32 in the CPU group) runs again after the others. The machine's load drifts over seconds:
 * compared windows seconds apart see the same machine far more often than windows half a minute apart, and a
 * gateway window set against a forwarder window before it and one after it is compared with the machine as it was
 * around it, wherever it sits in the group.
 */
export function runOrder<T extends { id: string }>(defs: T[]): T[] {
  return together(together(defs, LATENCY_COMPARED, LATENCY_BRACKETING), CPU_COMPARED, BRACKETING);
}

/** Moves the rows of `ids` (in that order) to where the first of them was declared; `bracket` runs again last. */
function together<T extends { id: string }>(defs: T[], ids: readonly string[], bracket?: string): T[] {
  const at = defs.findIndex((d) => ids.includes(d.id));
  if (at < 0) return defs;
  const grouped = ids.flatMap((id) => defs.filter((d) => d.id === id));
  const rest = defs.filter((d) => !ids.includes(d.id));
  const reference = grouped.find((d) => d.id === bracket);
  const closing = reference && grouped.length > 1 ? [reference] : [];
  return [...rest.slice(0, at), ...grouped, ...closing, ...rest.slice(at)];
}

/**
 * The per-round windows of a reference row, aligned with a compared row's: the mean of each round's two windows
 * when the reference ran twice per round (bracketing), the windows themselves when once; undefined when they
 * cannot be aligned (a window failed).
 */
export function referenceWindows(
  compared: (number | null)[],
  reference: (number | null)[],
): (number | null)[] | undefined {
  if (reference.length === compared.length) return reference;
  if (reference.length !== 2 * compared.length) return undefined;
  return compared.map((_, i) => {
    const [x, y] = [reference[2 * i], reference[2 * i + 1]];
    return x === null || y === null ? null : (x + y) / 2;
  });
}
