/** The order a round runs the workloads in (see workloads.ts for what they are). */

/** The rows that the CPU-per-call targets compare with each other, in the order a round runs them. */
export const CPU_COMPARED = [
  'forwarder-http-c32',
  'gateway-http-c32',
  'gateway-stateful-http-c32',
  'gateway-sse-c32',
  'mcp-proxy-http-c32',
  'mcp-proxy-sse-c32',
];

/**
 * The order a round runs the workloads in: the declared order, except that the rows the CPU targets compare run
 * back to back, where the first of them was declared. The machine's load drifts over seconds; compared windows
 * five seconds apart see the same machine far more often than windows half a minute apart.
 */
export function runOrder<T extends { id: string }>(defs: T[]): T[] {
  const grouped = CPU_COMPARED.flatMap((id) => defs.filter((d) => d.id === id));
  const at = defs.findIndex((d) => CPU_COMPARED.includes(d.id));
  if (at < 0) return defs;
  const rest = defs.filter((d) => !CPU_COMPARED.includes(d.id));
  const before = defs.slice(0, at).filter((d) => !CPU_COMPARED.includes(d.id)).length;
  return [...rest.slice(0, before), ...grouped, ...rest.slice(before)];
}
