/**
 * One workload's measured window: forks a load generator, lets it warm up, reads every process's CPU time and
 * RSS from /proc around the window, and turns the difference into CPU per call.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { FromLoad, LoadSpec, LoadStats, ToLoad } from './load-protocol.js';
import { cpuTimeNs, rssBytes, syscalls } from './procfs.js';

/** What /proc says about one process over a window. */
export interface ProcessUsage {
  pid: number;
  /** Own CPU time per completed call, in microseconds (all threads). */
  cpuUsPerCall: number | null;
  /** Own CPU time over the window as a share of one core, in percent. */
  cpuPercent: number | null;
  /** Resident memory at the end of the window, in MB. */
  rssMb: number | null;
  /** read and write system calls per completed call. */
  readsPerCall: number | null;
  writesPerCall: number | null;
}

export interface WindowResult {
  stats: LoadStats;
  seconds: number;
  sessions: number;
  /** A failure while opening sessions, when some still opened. */
  openFailure?: string;
  closeErrors: number;
  processes: Record<string, ProcessUsage>;
}

type Snapshot = {
  at: number;
  cpu: Map<string, number | undefined>;
  io: Map<string, { reads: number; writes: number } | undefined>;
};

function snapshot(pids: Record<string, number>): Snapshot {
  const cpu = new Map<string, number | undefined>();
  const io = new Map<string, { reads: number; writes: number } | undefined>();
  for (const [name, pid] of Object.entries(pids)) {
    cpu.set(name, cpuTimeNs(pid));
    io.set(name, syscalls(pid));
  }
  return { at: performance.now(), cpu, io };
}

const MB = 1024 * 1024;

/** A forked load generator and the messages it sends back. */
class LoadProcess {
  private readonly child: ChildProcess;
  private readonly queue: FromLoad[] = [];
  private waiter?: (message: FromLoad) => void;
  private exited = false;

  constructor(script: string) {
    this.child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: FromLoad) => {
      if (this.waiter) {
        const resolve = this.waiter;
        this.waiter = undefined;
        resolve(message);
      } else this.queue.push(message);
    });
    this.child.once('exit', () => (this.exited = true));
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(message: ToLoad): void {
    this.child.send(message);
  }

  next(timeoutMs: number): Promise<FromLoad> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.exited) return Promise.reject(new Error('load generator exited'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`load generator silent for ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
    });
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await gone;
  }

  async finish(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
}

export type WindowOutcome = { ok: true; result: WindowResult } | { ok: false; reason: string };

export interface WindowTiming {
  warmupMs: number;
  durationMs: number;
  /** Called between warm-up and the window's first /proc read, and after its last (e.g. upstream stats). */
  beforeWindow?: () => Promise<void>;
  afterWindow?: () => Promise<void>;
}

/** Runs one load spec and measures `pids` (by name) over its window. The loader's own pid is added as `load`. */
export async function measureWindow(
  loadScript: string,
  spec: LoadSpec,
  pids: Record<string, number>,
  timing: WindowTiming,
): Promise<WindowOutcome> {
  const load = new LoadProcess(loadScript);
  try {
    load.send({ type: 'start', spec });
    const ready = await load.next(spec.mode === 'idle' ? 120_000 : 60_000);
    if (ready.type !== 'ready') return { ok: false, reason: 'load generator out of step' };
    if (ready.sessions === 0) {
      load.send({ type: 'stop' });
      await load.next(30_000).catch(() => undefined);
      return { ok: false, reason: ready.failed ?? 'no session opened' };
    }
    await new Promise((r) => setTimeout(r, timing.warmupMs));
    await timing.beforeWindow?.();
    const watched = { ...pids, load: load.pid };
    const start = snapshot(watched);
    load.send({ type: 'mark' });
    await new Promise((r) => setTimeout(r, timing.durationMs));
    const end = snapshot(watched);
    const rss = new Map(Object.entries(watched).map(([name, pid]) => [name, rssBytes(pid)]));
    load.send({ type: 'stop' });
    const done = await load.next(60_000);
    if (done.type !== 'result') return { ok: false, reason: 'load generator out of step' };
    await timing.afterWindow?.();
    const seconds = (end.at - start.at) / 1000;
    const processes: Record<string, ProcessUsage> = {};
    for (const [name, pid] of Object.entries(watched)) {
      const before = start.cpu.get(name);
      const after = end.cpu.get(name);
      const used = before === undefined || after === undefined ? undefined : after - before;
      const bytes = rss.get(name);
      const calls = done.stats.calls;
      const ioBefore = start.io.get(name);
      const ioAfter = end.io.get(name);
      const perCall = (pick: (io: { reads: number; writes: number }) => number) =>
        ioBefore && ioAfter && calls > 0 ? (pick(ioAfter) - pick(ioBefore)) / calls : null;
      processes[name] = {
        pid,
        cpuUsPerCall: used === undefined || calls === 0 ? null : used / 1000 / calls,
        cpuPercent: used === undefined ? null : (used / 1e9 / seconds) * 100,
        rssMb: bytes === undefined ? null : bytes / MB,
        readsPerCall: perCall((io) => io.reads),
        writesPerCall: perCall((io) => io.writes),
      };
    }
    await load.finish();
    return {
      ok: true,
      result: {
        stats: done.stats,
        seconds,
        sessions: ready.sessions,
        openFailure: ready.failed,
        closeErrors: done.closeErrors,
        processes,
      },
    };
  } catch (error) {
    return { ok: false, reason: String(error) };
  } finally {
    await load.kill();
  }
}

/** Opens idle sessions, waits `settleMs`, and reads the RSS of `pid` with them open. */
export async function holdIdle(
  loadScript: string,
  spec: LoadSpec,
  pid: number,
  settleMs: number,
): Promise<{ ok: true; sessions: number; rssMb: number; failure?: string } | { ok: false; reason: string }> {
  const load = new LoadProcess(loadScript);
  try {
    load.send({ type: 'start', spec });
    const ready = await load.next(180_000);
    if (ready.type !== 'ready') return { ok: false, reason: 'load generator out of step' };
    if (ready.sessions === 0) return { ok: false, reason: ready.failed ?? 'no session opened' };
    await new Promise((r) => setTimeout(r, settleMs));
    const bytes = rssBytes(pid);
    load.send({ type: 'stop' });
    await load.next(60_000).catch(() => undefined);
    await load.finish();
    if (bytes === undefined) return { ok: false, reason: 'the gateway is gone' };
    return { ok: true, sessions: ready.sessions, rssMb: bytes / MB, failure: ready.failed };
  } catch (error) {
    return { ok: false, reason: String(error) };
  } finally {
    await load.kill();
  }
}
