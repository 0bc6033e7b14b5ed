/**
 * `npm run bench`: the gateway's hot path measured against the upstream alone, a bare forwarder and mcp-proxy, in
 * one run on this machine. Starts every process on 127.0.0.1, runs each workload in a load generator process of its
 * own, reads every process's CPU time and RSS from /proc around the measured window, prints the table and the
 * targets, and writes bench/results/latest.json. docs/performance.md explains how to read it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setUpGateway, startGateway, type Gateway, type Step } from './lib/gateway.js';
import {
  combineUsage,
  holdIdle,
  meanRss,
  measureWindow,
  type ProcessUsage,
  type WindowResult,
} from './lib/measure.js';
import type { LoadSpec } from './lib/load-protocol.js';
import { childrenOf, machineBusyNs } from './lib/procfs.js';
import { forkListening, freePort, spawnListening, type BenchProcess } from './lib/processes.js';
import { notes, targetTable, workloadTable } from './lib/report.js';
import {
  summarizeLatencies,
  type IdleResult,
  type UpstreamSessionCounts,
  type WorkloadResult,
} from './lib/results.js';
import { evaluateTargets, signedMb, type TargetInputs } from './lib/targets.js';
import { isObject } from './lib/wire.js';
import {
  declareDriftRuns,
  declareWorkloads,
  runOrder,
  then,
  type Topology,
  type WorkloadDef,
} from './lib/workloads.js';

const USAGE = `npm run bench -- [options]
  --duration <s>        measured time per workload (default 9), split over the rounds
  --rounds <n>          the list of workloads runs n times, one window per workload each time (default 3)
  --warmup <s>          warm-up before each window (default 1.5)
  --warm-up-round <s>   before the rounds, every workload once for this long, unmeasured, so that V8 has
                        optimized every path before anything is measured (default 3; 0 skips it; --quick: 0)
  --quick               one 2 s window per workload after 1 s warm-up, for development
  --only <regex>        run only the workloads whose id matches (targets needing others show n/a)
  --idle-sessions <n>   idle SSE sessions to open (default 1000)
  --list-tools <n>      tools in the listing workload (default 1000)
  --cpu-prof            run the gateways, the forwarder and the upstream with --cpu-prof
                        (<name>.cpuprofile written when they stop)
  --cpu-prof-dir <dir>  where the profiles go (default: a new temp dir, printed)
  --gateway-dist <dir>  build of the gateway to run, relative to the repo (default: this build)
  --gateway-node-flags=<flags>  extra node flags for the gateways, space-separated (e.g. =--trace-gc)
  --gateway-log-dir <dir>  also write each gateway's output to <dir>/<name>.log
  --upstream-node-flags=<flags>  extra node flags for the upstream echo server (both of them: HTTP and stdio)
  --out <file>          results file (default bench/results/latest.json)
  --upstream-json       the upstream answers POSTs with application/json instead of SSE (the SDK default)
  --strict              exit 1 when a target fails`;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    'warm-up-round': { type: 'string' },
    quick: { type: 'boolean' },
    only: { type: 'string' },
    'idle-sessions': { type: 'string' },
    'list-tools': { type: 'string' },
    'cpu-prof': { type: 'boolean' },
    'cpu-prof-dir': { type: 'string' },
    'gateway-dist': { type: 'string' },
    'gateway-node-flags': { type: 'string' },
    'gateway-log-dir': { type: 'string' },
    'upstream-node-flags': { type: 'string' },
    out: { type: 'string' },
    strict: { type: 'boolean' },
    'upstream-json': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(HERE, '..');
const REPO = resolve(DIST, '..');
const GATEWAY_MAIN = join(
  args['gateway-dist'] ? resolve(REPO, args['gateway-dist']) : DIST,
  'apps/gateway/src/main.js',
);
const MCP_PROXY_BIN = join(REPO, 'node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs');
const LOAD_SCRIPT = join(HERE, 'load.js');
const OUT = resolve(REPO, args.out ?? 'bench/results/latest.json');

const seconds = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);
const DURATION_S = seconds(args.duration, args.quick ? 2 : 9);
const ROUNDS = Math.max(1, Number(args.rounds ?? (args.quick ? 1 : 3)));
const WINDOW_MS = (DURATION_S * 1000) / ROUNDS;
const WARMUP_S = seconds(args.warmup, args.quick ? 1 : 1.5);
const WARM_UP_ROUND_S = seconds(args['warm-up-round'], args.quick ? 0 : 3);
const IDLE_SESSIONS = Number(args['idle-sessions'] ?? 1000);
const LIST_TOOLS = Number(args['list-tools'] ?? 1000);
const ONLY = args.only ? new RegExp(args.only) : undefined;
const PROFILE_DIR = args['cpu-prof']
  ? resolve(args['cpu-prof-dir'] ?? mkdtempSync(join(tmpdir(), 'mcpgw-bench-profiles-')))
  : undefined;

// eslint-disable-next-line no-restricted-syntax -- the bench is an entry point: it hands PATH and HOME to what it starts
const { PATH = '/usr/bin:/bin', HOME = tmpdir() } = process.env;
const BASE_ENV = { PATH, HOME };

/** Node flags that make a process write `<name>.cpuprofile` when it exits, with --cpu-prof. */
const profileFlags = (name: string) =>
  PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : [];

/** Extra node flags for the gateways (experiments: GC tracing, heap sizes). */
const GATEWAY_NODE_FLAGS = (args['gateway-node-flags'] ?? '').split(/\s+/).filter(Boolean);
/** Extra node flags for the upstream echo server, the HTTP one and mcp-proxy's stdio child alike. */
const UPSTREAM_NODE_FLAGS = (args['upstream-node-flags'] ?? '').split(/\s+/).filter(Boolean);

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

class BenchRun {
  private readonly started: BenchProcess[] = [];
  private readonly pids: Record<string, number> = {};
  upstream!: BenchProcess;
  private readonly gateways = new Map<string, Gateway>();

  private track<T extends BenchProcess>(name: string, process: T): T {
    this.started.push(process);
    this.pids[name] = process.pid;
    return process;
  }

  private forget(name: string): void {
    delete this.pids[name];
  }

  async startPeers(): Promise<{ forwarder: BenchProcess; proxy: Step<BenchProcess> }> {
    this.upstream = this.track(
      'upstream',
      await forkListening(
        'upstream',
        join(HERE, 'upstream-server.js'),
        args['upstream-json'] ? ['--json'] : [],
        [...UPSTREAM_NODE_FLAGS, ...profileFlags('upstream')],
      ),
    );
    const forwarder = this.track(
      'forwarder',
      await forkListening(
        'forwarder',
        join(HERE, 'forwarder.js'),
        [this.upstream.url],
        profileFlags('forwarder'),
      ),
    );
    let proxy: Step<BenchProcess>;
    try {
      const port = await freePort();
      const process_ = await spawnListening(
        'mcp-proxy',
        process.execPath,
        [
          MCP_PROXY_BIN,
          '--port',
          String(port),
          '--host',
          '127.0.0.1',
          '--',
          process.execPath,
          ...UPSTREAM_NODE_FLAGS,
          join(HERE, 'upstream-server.js'),
          '--stdio',
        ],
        { port, env: BASE_ENV, readyPath: '/ping', ok: (status) => status > 0 },
      );
      this.track('mcp-proxy', process_);
      const deadline = Date.now() + 10_000;
      let child: number | undefined;
      while (!(child = childrenOf(process_.pid)[0]) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      if (child) this.pids['mcp-proxy-echo'] = child;
      proxy = { ok: true, value: process_ };
    } catch (error) {
      proxy = { ok: false, reason: `mcp-proxy did not start: ${String(error).slice(0, 300)}` };
    }
    return { forwarder, proxy };
  }

  async startGateway(name: string, stateful: boolean): Promise<Step<Gateway>> {
    const execArgv = [...GATEWAY_NODE_FLAGS, ...profileFlags(name)];
    try {
      const gw = this.track(
        name,
        await startGateway({
          name,
          main: GATEWAY_MAIN,
          stateful,
          baseEnv: BASE_ENV,
          execArgv,
          logFile: args['gateway-log-dir'] ? resolve(args['gateway-log-dir'], `${name}.log`) : undefined,
        }),
      );
      this.gateways.set(name, gw);
      return { ok: true, value: gw };
    } catch (error) {
      return { ok: false, reason: `${name} did not start: ${String(error).slice(0, 400)}` };
    }
  }

  async upstreamSessions(): Promise<UpstreamSessionCounts | undefined> {
    try {
      const res = await fetch(`${this.upstream.url}/stats`);
      const body: unknown = await res.json();
      return isObject(body) ? (body as unknown as UpstreamSessionCounts) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stops the gateways (SIGTERM, so they release their upstream sessions) and counts what the upstream saw. */
  async stopGateways(): Promise<TargetInputs['released']> {
    if (this.gateways.size === 0) return { reason: 'no gateway ran' };
    for (const [name, gw] of this.gateways) {
      await gw.stop();
      this.forget(name);
    }
    this.gateways.clear();
    await new Promise((r) => setTimeout(r, 500));
    const counts = await this.upstreamSessions();
    if (!counts) return { reason: 'the upstream did not report its sessions' };
    const sum = (table: Record<string, number>) =>
      Object.entries(table)
        .filter(([client]) => client !== 'bench-load')
        .reduce((total, [, n]) => total + n, 0);
    const opened = sum(counts.opened);
    return { opened, deleted: sum(counts.deleted), stillOpen: opened - sum(counts.closed) };
  }

  /** One measured window of a workload (the loader is forked, warmed up, measured and stopped). */
  async window(def: WorkloadDef, spec: LoadSpec, durationMs: number): Promise<Step<Round>> {
    if (def.hop && !(def.hop in this.pids)) return { ok: false, reason: `${def.hop} is not running` };
    const opened = (counts?: UpstreamSessionCounts) =>
      counts
        ? Object.entries(counts.opened)
            .filter(([client]) => client !== 'bench-load')
            .reduce((total, [, n]) => total + n, 0)
        : NaN;
    let before = NaN;
    let after = NaN;
    const outcome = await measureWindow(
      LOAD_SCRIPT,
      spec,
      this.pids,
      {
        warmupMs: WARMUP_S * 1000,
        durationMs,
        beforeWindow: def.watchSessions
          ? async () => void (before = opened(await this.upstreamSessions()))
          : undefined,
        afterWindow: def.watchSessions
          ? async () => void (after = opened(await this.upstreamSessions()))
          : undefined,
      },
      def.loaders,
    );
    if (!outcome.ok) return outcome;
    return { ok: true, value: { result: outcome.result, upstreamSessionsOpened: after - before } };
  }

  async idle(gw: Step<Gateway>, serverId: Step<string>): Promise<IdleResult> {
    const base: IdleResult = {
      id: 'gateway-idle-sse',
      title: `${IDLE_SESSIONS} idle HTTP+SSE sessions on /servers/{id}/sse`,
      status: 'n/a',
      requested: IDLE_SESSIONS,
    };
    if (!gw.ok) return { ...base, reason: gw.reason };
    if (!serverId.ok) return { ...base, reason: serverId.reason };
    await new Promise((r) => setTimeout(r, 3000));
    const idleBytes = await meanRss(gw.value.pid);
    if (idleBytes === undefined) return { ...base, reason: 'the gateway is gone' };
    const held = await holdIdle(
      LOAD_SCRIPT,
      {
        mode: 'idle',
        transport: 'sse',
        origin: gw.value.url,
        path: `/servers/${serverId.value}/sse`,
        authorization: gw.value.bearer,
        concurrency: IDLE_SESSIONS,
        tool: '',
        answer: 'echo',
      },
      gw.value.pid,
      3000,
    );
    if (!held.ok) return { ...base, reason: held.reason };
    const idleRssMb = idleBytes / 1024 / 1024;
    return {
      ...base,
      status: 'ok',
      reason: held.failure,
      sessions: held.sessions,
      idleRssMb,
      loadedRssMb: held.rssMb,
      addedRssMb: held.rssMb - idleRssMb,
    };
  }

  async stopAll(): Promise<void> {
    for (const process_ of this.started.reverse()) await process_.stop().catch(() => undefined);
  }
}

/** One window of a workload, and the upstream sessions the gateway opened during it. */
interface Round {
  result: WindowResult;
  upstreamSessionsOpened: number;
}

/** A workload's row: its windows added up (calls, time, CPU, system calls), latencies pooled. */
function summarize(def: WorkloadDef, rounds: Round[], failures: string[]): WorkloadResult {
  const base: WorkloadResult = {
    id: def.id,
    title: def.title,
    hop: def.hop,
    upstream: def.upstream,
    transport: def.transport,
    concurrency: def.concurrency,
    status: 'n/a',
  };
  if (!def.spec.ok) return { ...base, reason: def.spec.reason };
  if (rounds.length === 0) return { ...base, reason: failures[0] ?? 'not run' };
  const results = rounds.map((r) => r.result);
  const sum = (pick: (w: WindowResult) => number) => results.reduce((total, w) => total + pick(w), 0);
  const seconds = sum((w) => w.seconds);
  const calls = sum((w) => w.stats.calls);
  const notes = [
    ...failures.map((f) => `a window failed: ${f}`),
    ...results
      .filter((w) => w.sessions < def.concurrency)
      .map((w) => `only ${w.sessions}/${def.concurrency} sessions opened: ${w.openFailure ?? ''}`),
  ];
  const processes: Record<string, ProcessUsage> = {};
  for (const name of Object.keys(results[0].usage)) {
    const usage = combineUsage(results, name);
    if (usage) processes[name] = usage;
  }
  return {
    ...base,
    status: 'ok',
    reason: notes.length > 0 ? [...new Set(notes)].join('; ') : undefined,
    windows: results.length,
    windowsMonotonicUs: results.map((w) => w.monotonicUs),
    seconds,
    calls,
    callsPerSec: calls / seconds,
    requestsPerSec: sum((w) => w.stats.requests) / seconds,
    latencyMs: summarizeLatencies(results.flatMap((w) => w.stats.latenciesMs)),
    errors: sum((w) => w.stats.errors),
    wrong: sum((w) => w.stats.wrong),
    samples: [...new Set(results.flatMap((w) => w.stats.samples))].slice(0, 8),
    processes,
    otherCpuPercent: results.some((w) => w.otherCpuNs === null)
      ? null
      : (sum((w) => w.otherCpuNs!) / 1e9 / seconds) * 100,
    upstreamSessionsOpened: def.watchSessions
      ? Math.max(...rounds.map((r) => r.upstreamSessionsOpened))
      : undefined,
  };
}

function progress(label: string, w: WorkloadResult): string {
  const head = `[${label}] ${w.id}`;
  if (w.status !== 'ok') return `${head}: n/a — ${w.reason ?? ''}`;
  const hop = w.hop ? w.processes?.[w.hop]?.cpuUsPerCall : undefined;
  return (
    `${head}: ${w.callsPerSec!.toFixed(0)}/s p50 ${w.latencyMs!.p50.toFixed(2)} ms p99 ${w.latencyMs!.p99.toFixed(2)} ms` +
    `${hop === undefined || hop === null ? '' : `, hop ${hop.toFixed(0)} µs/call`}` +
    `${w.errors || w.wrong ? `, ${w.errors} errors, ${w.wrong} wrong` : ''}` +
    `${(w.otherCpuPercent ?? 0) >= 10 ? ` (others busy: ${w.otherCpuPercent!.toFixed(0)}% of a core)` : ''}`
  );
}

/** How busy the machine is before the run starts anything: CPU over one second, in percent of one core. */
async function machineBusyPercent(): Promise<number | undefined> {
  const before = machineBusyNs();
  await new Promise((r) => setTimeout(r, 1000));
  const after = machineBusyNs();
  return before === undefined || after === undefined ? undefined : (after - before) / 1e7;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadStart = loadavg();
  const run = new BenchRun();
  // Interrupted: stop what was started (gateways, peers) before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void run.stopAll().finally(() => process.exit(130)));
  const workloads: WorkloadResult[] = [];
  let idle: IdleResult | undefined;
  let released: TargetInputs['released'];
  let busyAtStart: number | undefined;
  try {
    log(
      `${ROUNDS} × ${(WINDOW_MS / 1000).toFixed(1)} s per workload, each after ${WARMUP_S} s warm-up; ` +
        `gateway ${GATEWAY_MAIN}`,
    );
    busyAtStart = await machineBusyPercent();
    if (busyAtStart !== undefined && busyAtStart > 25)
      log(
        `warning: other processes keep ${busyAtStart.toFixed(0)}% of a core busy; they will compete with the ` +
          'run: throughput and latency will be low and CPU per call noisy (see "others" in the notes)',
      );
    const { forwarder, proxy } = await run.startPeers();
    const upstreamUrl = run.upstream.url;
    log('upstream, forwarder and mcp-proxy up; starting the gateways');
    const [gw, gws] = await Promise.all([
      run.startGateway('gateway', false),
      run.startGateway('gateway-stateful', true),
    ]);
    const listTools = !ONLY || ONLY.test('gateway-list-c8') ? LIST_TOOLS : 0;
    log(`setting up the gateways (upstream, REST tool, ${listTools} tools for the listing)`);
    // The default-config gateway carries everything; the stateful one the echo tool's server.
    const [stateless, stateful] = await Promise.all([
      setUpGateway(gw, upstreamUrl, { rest: true, listTools }),
      setUpGateway(gws, upstreamUrl, { rest: false, listTools: 0 }),
    ]);
    for (const [name, setup] of [
      ['gateway', stateless],
      ['gateway-stateful', stateful],
    ] as const) {
      const parts = (['echo', 'rest', 'server', 'listServer'] as const).map(
        (part) => `${part} ${setup[part].ok ? 'ok' : 'n/a'}`,
      );
      log(`${name}: ${parts.join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const topology: Topology = {
      upstreamUrl,
      forwarderUrl: forwarder.url,
      proxyUrl: then(proxy, (p) => ({ ok: true, value: p.url })),
      stateless,
      stateful,
      listTools: LIST_TOOLS,
    };
    const defs = declareWorkloads(topology);

    // First, while the gateway has served nothing yet: the RSS of idle sessions over an idle gateway.
    if (!ONLY || ONLY.test('gateway-idle-sse')) {
      log(`opening ${IDLE_SESSIONS} idle SSE sessions`);
      idle = await run.idle(gw, stateless.server);
      log(
        idle.status === 'ok'
          ? `idle: ${signedMb(idle.addedRssMb!)} for ${idle.sessions} sessions`
          : `idle: n/a — ${idle.reason}`,
      );
    }
    const selected = defs.filter((d) => !ONLY || ONLY.test(d.id));
    const measurable = runOrder(selected).flatMap((def) =>
      def.spec.ok ? [{ def, spec: def.spec.value }] : [],
    );
    const rounds = new Map<string, Round[]>();
    const failures = new Map<string, string[]>();
    const unmeasurable = selected.filter((def) => !def.spec.ok).length;
    log(
      `${selected.length} workloads (${unmeasurable} n/a), ${ROUNDS} rounds of ${measurable.length} windows`,
    );
    // A process's code starts in V8's interpreter and baseline tiers and is optimized only after thousands of
    // calls: the first windows of a path would measure that (at concurrency 1 the gateway ran at twice its warm
    // CPU per call). Every workload runs once first, at its own concurrency, and nothing of it is kept.
    if (WARM_UP_ROUND_S > 0) {
      const once = measurable.filter((m, i) => measurable.findIndex((n) => n.def.id === m.def.id) === i);
      for (const [i, { def, spec }] of once.entries()) {
        const outcome = await run.window(def, spec, Math.max(0, WARM_UP_ROUND_S - WARMUP_S) * 1000);
        log(`[warm-up ${i + 1}/${once.length}] ${def.id}${outcome.ok ? '' : `: ${outcome.reason}`}`);
      }
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, { def, spec }] of measurable.entries()) {
        const outcome = await run.window(def, spec, WINDOW_MS);
        if (outcome.ok) rounds.set(def.id, [...(rounds.get(def.id) ?? []), outcome.value]);
        else failures.set(def.id, [...(failures.get(def.id) ?? []), outcome.reason]);
        const shown = summarize(def, outcome.ok ? [outcome.value] : [], outcome.ok ? [] : [outcome.reason]);
        log(progress(`round ${round}/${ROUNDS}, ${i + 1}/${measurable.length}`, shown));
      }
    }
    workloads.push(...selected.map((d) => summarize(d, rounds.get(d.id) ?? [], failures.get(d.id) ?? [])));
    const drift = declareDriftRuns(topology).filter((d) => !ONLY || ONLY.test(d.id));
    for (const def of drift) {
      const outcome = def.spec.ok ? await run.window(def, def.spec.value, DURATION_S * 1000) : undefined;
      const result = summarize(
        def,
        outcome?.ok ? [outcome.value] : [],
        outcome && !outcome.ok ? [outcome.reason] : [],
      );
      workloads.push(result);
      log(progress('RSS drift', result));
    }
    log('stopping the gateways');
    released = await run.stopGateways();
  } finally {
    await run.stopAll();
  }

  const targets = evaluateTargets({ workloads, idle, released, listTools: LIST_TOOLS });
  const finishedAt = new Date();
  const totalSeconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
  console.log(`\n${workloadTable(workloads)}\n`);
  const extra = notes(workloads, idle);
  if (extra) console.log(`${extra}\n`);
  console.log(`${targetTable(targets)}\n`);
  const failed = targets.filter((t) => t.status === 'fail');
  console.log(
    `${targets.length - failed.length}/${targets.length} targets pass` +
      `${failed.some((t) => !t.measured) ? ` (${failed.filter((t) => !t.measured).length} not measured)` : ''}; ` +
      `run took ${totalSeconds.toFixed(0)} s` +
      `${busyAtStart === undefined ? '' : `; other processes kept ${busyAtStart.toFixed(0)}% of a core busy at the start`}`,
  );
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(
    OUT,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        totalSeconds,
        commit: gitCommit(),
        machine: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model,
          node: process.version,
          loadavgStart: loadStart,
          busyPercentAtStart: busyAtStart ?? null,
          loadavgEnd: loadavg(),
        },
        options: {
          durationS: DURATION_S,
          rounds: ROUNDS,
          warmupS: WARMUP_S,
          warmUpRoundS: WARM_UP_ROUND_S,
          idleSessions: IDLE_SESSIONS,
          listTools: LIST_TOOLS,
          only: args.only ?? null,
          gatewayMain: GATEWAY_MAIN,
          cpuProfileDir: PROFILE_DIR ?? null,
        },
        workloads,
        idle: idle ?? null,
        upstreamSessionsReleased: released ?? null,
        targets,
      },
      null,
      2,
    )}\n`,
  );
  log(`results written to ${OUT}`);
  if (PROFILE_DIR) log(`CPU profiles (gateways, forwarder, upstream) in ${PROFILE_DIR}`);
  return args.strict && failed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
