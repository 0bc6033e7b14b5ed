/** The messages between the orchestrator (run.ts) and a load generator process (load.ts), over the fork IPC channel. */
import type { AnswerKind } from './wire.js';

export type LoadMode =
  /** initialize once per session, then tools/call in a closed loop */
  | 'call'
  /** initialize → notifications/initialized → tools/call → DELETE, a new MCP session every time */
  | 'setup'
  /** initialize once, then full tools/list walks (every page) in a closed loop */
  | 'list'
  /** open `concurrency` HTTP+SSE sessions, initialize them and leave them idle */
  | 'idle';

export interface LoadSpec {
  mode: LoadMode;
  /** Streamable HTTP (`http`) or HTTP+SSE of 2024-11-05 (`sse`). */
  transport: 'http' | 'sse';
  /** http://127.0.0.1:port */
  origin: string;
  /** The MCP endpoint: /mcp, /servers/{id}/mcp, /sse, … */
  path: string;
  authorization?: string;
  concurrency: number;
  /** The tool to call (call and setup modes). */
  tool: string;
  answer: AnswerKind;
  /** list mode: how many tools a complete listing must hold. */
  expectTools?: number;
}

export type ToLoad = { type: 'start'; spec: LoadSpec } | { type: 'mark' } | { type: 'stop' };

export interface LoadStats {
  /** Completed, correct calls in the measured window (a listing or a set-up sequence counts as one). */
  calls: number;
  errors: number;
  wrong: number;
  /** HTTP requests sent in the window (a listing takes several pages). */
  requests: number;
  /** Latency of every counted call, in ms (summarized by the orchestrator, over all the windows of a workload). */
  latenciesMs: number[];
  /** The first few distinct error and wrong-answer messages, for the report. */
  samples: string[];
}

export type FromLoad =
  | { type: 'ready'; sessions: number; failed?: string }
  | { type: 'result'; stats: LoadStats; closeErrors: number };
