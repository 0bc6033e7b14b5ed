/**
 * One workload's measured window: forks a load generator, lets it warm up, reads every process's CPU time, system
 * calls and RSS from /proc around (and, for RSS, during) the window; and the per-call figures over several windows.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { FromLoad, LoadSpec, LoadStats, ToLoad } from './load-protocol.js';
import { cpuTimeNs, machineBusyNs, rssBytes, syscalls } from './procfs.js';

/** What /proc says about one process over one window, as raw totals (so windows can be added up). */
export interface RawUsage {
  pid: number;
  /** CPU time used in the window, ns (null: the process was gone). */
  cpuNs: number | null;
  reads: number | null;
  writes: number | null;
  /** RSS at the end of the window, and sampled every RSS_SAMPLE_MS during it, in bytes. */
  rssEnd: number | null;
  rssSamples: number[];
}

export interface WindowResult {
  stats: LoadStats;
  seconds: number;
  /** The window on CLOCK_MONOTONIC in µs, the clock of V8's CPU profiles (so a profile can be cut to it). */
  monotonicUs: [number, number];
  /** CPU the machine spent on processes other than the watched ones during the window, ns (noise). */
  otherCpuNs: number | null;
  sessions: number;
  /** A failure while opening sessions, when some still opened. */
  openFailure?: string;
  closeErrors: number;
  usage: Record<string, RawUsage>;
}

/** What the report shows about one process over all the windows of a workload. */
export interface ProcessUsage {
  pid: number;
  /**
   * Own CPU time per completed call, in microseconds (all threads): the median over the windows when there are
   * three or more (a burst of other work on the machine inflates one window, not the figure), else the total
   * over the windows divided by their calls.
   */
  cpuUsPerCall: number | null;
  /** The same for each window, in order, and the total over the windows divided by their calls. */
  cpuUsPerCallWindows: (number | null)[];
  cpuUsPerCallTotal: number | null;
  /** Own CPU time as a share of one core, in percent. */
  cpuPercent: number | null;
  /** Resident memory at the end of the last window, and its mean over the windows, in MB. */
  rssMb: number | null;
  rssMeanMb: number | null;
  /** read and write system calls per completed call. */
  readsPerCall: number | null;
  writesPerCall: number | null;
}

const RSS_SAMPLE_MS = 250;

type Snapshot = {
  at: number;
  monotonicUs: number;
  machine: number | undefined;
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
  return {
    at: performance.now(),
    monotonicUs: Number(process.hrtime.bigint() / 1000n),
    machine: machineBusyNs(),
    cpu,
    io,
  };
}

function difference(before: number | undefined, after: number | undefined): number | null {
  return before === undefined || after === undefined ? null : after - before;
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

/** The results of several load generators of one window, as one. */
function mergeStats(all: LoadStats[]): LoadStats {
  return {
    calls: all.reduce((sum, s) => sum + s.calls, 0),
    errors: all.reduce((sum, s) => sum + s.errors, 0),
    wrong: all.reduce((sum, s) => sum + s.wrong, 0),
    requests: all.reduce((sum, s) => sum + s.requests, 0),
    latenciesMs: all.flatMap((s) => s.latenciesMs),
    samples: [...new Set(all.flatMap((s) => s.samples))],
  };
}

/**
 * Runs one load spec and measures `pids` (by name) over its window. The load comes from `loaders` processes
 * (the spec's sessions shared among them), for workloads where one client process would be the bottleneck; they
 * are watched too, as `load`, `load-2`, ….
 */
export async function measureWindow(
  loadScript: string,
  spec: LoadSpec,
  pids: Record<string, number>,
  timing: WindowTiming,
  loaders = 1,
): Promise<WindowOutcome> {
  const count = Math.max(1, Math.min(loaders, spec.concurrency));
  const loads = Array.from({ length: count }, () => new LoadProcess(loadScript));
  const all = <T>(work: (load: LoadProcess, i: number) => Promise<T>) => Promise.all(loads.map(work));
  try {
    loads.forEach((load, i) => {
      const share = Math.floor(spec.concurrency / count) + (i < spec.concurrency % count ? 1 : 0);
      load.send({ type: 'start', spec: { ...spec, concurrency: share } });
    });
    const ready = await all((load) => load.next(spec.mode === 'idle' ? 120_000 : 60_000));
    const sessions = ready.reduce((sum, m) => sum + (m.type === 'ready' ? m.sessions : 0), 0);
    const failed = ready
      .map((m) => (m.type === 'ready' ? m.failed : 'load generator out of step'))
      .find(Boolean);
    if (ready.some((m) => m.type !== 'ready' || m.sessions === 0)) {
      loads.forEach((load) => load.send({ type: 'stop' }));
      await all((load) => load.next(30_000).catch(() => undefined));
      return { ok: false, reason: failed ?? 'no session opened' };
    }
    await new Promise((r) => setTimeout(r, timing.warmupMs));
    await timing.beforeWindow?.();
    const watched: Record<string, number> = { ...pids };
    loads.forEach((load, i) => (watched[i === 0 ? 'load' : `load-${i + 1}`] = load.pid));
    const rssSamples = new Map<string, number[]>(Object.keys(watched).map((name) => [name, []]));
    const start = snapshot(watched);
    loads.forEach((load) => load.send({ type: 'mark' }));
    const sampler = setInterval(() => {
      for (const [name, pid] of Object.entries(watched)) {
        const bytes = rssBytes(pid);
        if (bytes !== undefined) rssSamples.get(name)!.push(bytes);
      }
    }, RSS_SAMPLE_MS);
    await new Promise((r) => setTimeout(r, timing.durationMs));
    clearInterval(sampler);
    const end = snapshot(watched);
    loads.forEach((load) => load.send({ type: 'stop' }));
    const usage: Record<string, RawUsage> = {};
    for (const [name, pid] of Object.entries(watched)) {
      const ioBefore = start.io.get(name);
      const ioAfter = end.io.get(name);
      usage[name] = {
        pid,
        cpuNs: difference(start.cpu.get(name), end.cpu.get(name)),
        reads: difference(ioBefore?.reads, ioAfter?.reads),
        writes: difference(ioBefore?.writes, ioAfter?.writes),
        rssEnd: rssBytes(pid) ?? null,
        rssSamples: rssSamples.get(name)!,
      };
    }
    const machine = difference(start.machine, end.machine);
    const ours = Object.values(usage).reduce((sum, u) => sum + (u.cpuNs ?? 0), 0);
    const done = await all((load) => load.next(30_000));
    const results = done.flatMap((m) => (m.type === 'result' ? [m] : []));
    if (results.length !== count) return { ok: false, reason: 'load generator out of step' };
    await timing.afterWindow?.();
    await all((load) => load.finish());
    return {
      ok: true,
      result: {
        stats: mergeStats(results.map((m) => m.stats)),
        seconds: (end.at - start.at) / 1000,
        monotonicUs: [start.monotonicUs, end.monotonicUs],
        otherCpuNs: machine === null ? null : Math.max(0, machine - ours),
        sessions,
        openFailure: failed,
        closeErrors: results.reduce((sum, m) => sum + m.closeErrors, 0),
        usage,
      },
    };
  } catch (error) {
    return { ok: false, reason: String(error) };
  } finally {
    await all((load) => load.kill());
  }
}

/** The mean of a few RSS readings over a second (one reading catches whatever the GC happens to be doing). */
export async function meanRss(pid: number): Promise<number | undefined> {
  const readings: number[] = [];
  for (let i = 0; i < 8; i++) {
    const bytes = rssBytes(pid);
    if (bytes === undefined) return undefined;
    readings.push(bytes);
    await new Promise((r) => setTimeout(r, 125));
  }
  return readings.reduce((a, b) => a + b, 0) / readings.length;
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
    const bytes = await meanRss(pid);
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Per-call figures of one process over several windows: totals divided by total calls and time. */
export function combineUsage(windows: WindowResult[], name: string): ProcessUsage | undefined {
  const usages = windows.map((w) => w.usage[name]).filter((u): u is RawUsage => u !== undefined);
  if (usages.length === 0) return undefined;
  const calls = windows.reduce((sum, w) => sum + w.stats.calls, 0);
  const seconds = windows.reduce((sum, w) => sum + w.seconds, 0);
  const total = (pick: (u: RawUsage) => number | null) => {
    const values = usages.map(pick);
    return values.some((v) => v === null) ? null : (values as number[]).reduce((a, b) => a + b, 0);
  };
  const perCall = (value: number | null, scale = 1) =>
    value === null || calls === 0 ? null : value / scale / calls;
  const cpuNs = total((u) => u.cpuNs);
  const samples = usages.flatMap((u) => u.rssSamples);
  const last = usages[usages.length - 1];
  const perWindow = windows.map((w) => {
    const ns = w.usage[name]?.cpuNs;
    return ns === undefined || ns === null || w.stats.calls === 0 ? null : ns / 1000 / w.stats.calls;
  });
  const measured = perWindow.filter((v): v is number => v !== null);
  const cpuUsPerCallTotal = perCall(cpuNs, 1000);
  return {
    pid: last.pid,
    cpuUsPerCall:
      measured.length >= 3 && measured.length === windows.length ? median(measured) : cpuUsPerCallTotal,
    cpuUsPerCallWindows: perWindow,
    cpuUsPerCallTotal,
    cpuPercent: cpuNs === null || seconds === 0 ? null : (cpuNs / 1e9 / seconds) * 100,
    rssMb: last.rssEnd === null ? null : last.rssEnd / MB,
    rssMeanMb: samples.length === 0 ? null : samples.reduce((a, b) => a + b, 0) / samples.length / MB,
    readsPerCall: perCall(total((u) => u.reads)),
    writesPerCall: perCall(total((u) => u.writes)),
  };
}
