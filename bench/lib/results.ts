/** The shapes of a benchmark run's results (what bench/results/latest.json holds). */
import type { LatencySummary } from './load-protocol.js';
import type { ProcessUsage } from './measure.js';

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
