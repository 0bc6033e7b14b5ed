/** The shapes of a benchmark run's results (what bench/results/latest.json holds). */
import type { ProcessUsage } from './measure.js';

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarizeLatencies(values: number[]): LatencySummary {
  if (values.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1], mean };
}

export interface WorkloadResult {
  id: string;
  title: string;
  /** The process that sits between client and upstream (gateway, forwarder, mcp-proxy); none when direct. */
  hop: string | null;
  /** The process that runs the tool (none for a listing, which the gateway answers itself). */
  upstream: string | null;
  transport: 'http' | 'sse';
  concurrency: number;
  status: 'ok' | 'n/a';
  /** Why the workload is n/a, or what went wrong while opening some sessions. */
  reason?: string;
  /** Measured windows (rounds) that completed, and their total length. */
  windows?: number;
  /** Each window on CLOCK_MONOTONIC in µs, the clock of V8's CPU profiles (bench/profile-summary.ts cuts to it). */
  windowsMonotonicUs?: [number, number][];
  seconds?: number;
  calls?: number;
  callsPerSec?: number;
  /** HTTP requests per second (a tools/list walk takes several). */
  requestsPerSec?: number;
  latencyMs?: LatencySummary;
  errors?: number;
  wrong?: number;
  samples?: string[];
  processes?: Record<string, ProcessUsage>;
  /**
   * CPU that processes outside the benchmark used during the windows, in percent of one core: when it is high,
   * other work competed with the run and its figures are less trustworthy.
   */
  otherCpuPercent?: number | null;
  /** Upstream sessions opened by clients other than the load generator during the window (the gateway's). */
  upstreamSessionsOpened?: number;
}

export interface IdleResult {
  id: string;
  title: string;
  status: 'ok' | 'n/a';
  reason?: string;
  sessions?: number;
  requested: number;
  idleRssMb?: number;
  loadedRssMb?: number;
  addedRssMb?: number;
}

export interface TargetResult {
  name: string;
  status: 'pass' | 'fail';
  /** False when a workload it needs was n/a or not run: such a target is reported as failing. */
  measured: boolean;
  detail: string;
}

export interface UpstreamSessionCounts {
  opened: Record<string, number>;
  closed: Record<string, number>;
  deleted: Record<string, number>;
  openStreamable: number;
  openSse: number;
}
