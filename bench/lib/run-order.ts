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
 * The order a round runs the workloads in: the declared order, except that the rows the CPU targets compare run
 * back to back, where the first of them was declared, and the forwarder's window both opens and closes that group.
 * The machine's load drifts over seconds: compared windows seconds apart see the same machine far more often than
 * windows half a minute apart, and a gateway window set against the mean of a forwarder window before it and one
 * after it is compared with the machine as it was around it, wherever it sits in the group.
 */
export function runOrder<T extends { id: string }>(defs: T[]): T[] {
  const grouped = CPU_COMPARED.flatMap((id) => defs.filter((d) => d.id === id));
  const at = defs.findIndex((d) => CPU_COMPARED.includes(d.id));
  if (at < 0) return defs;
  const rest = defs.filter((d) => !CPU_COMPARED.includes(d.id));
  const before = defs.slice(0, at).filter((d) => !CPU_COMPARED.includes(d.id)).length;
  const reference = grouped.find((d) => d.id === BRACKETING);
  const closing = reference && grouped.length > 1 ? [reference] : [];
  return [...rest.slice(0, before), ...grouped, ...closing, ...rest.slice(before)];
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
