/**
 * Where a process spent its CPU during a workload: reads a `.cpuprofile` written by `npm run bench -- --cpu-prof`,
 * keeps the samples that fall in the workload's measured windows (from the results file), and prints self time by
 * area (our libs, each package, Node internals, GC, system calls) and the top functions, in µs per call.
 *
 *   node dist/bench/profile-summary.js <profile> [--results bench/results/latest.json] [--workload <id>] [--top 25]
 *
 * Without --workload, the whole profile (start-up included) is summarized.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface ResultsFile {
  workloads: {
    id: string;
    hop: string | null;
    calls?: number;
    windowsMonotonicUs?: [number, number][];
  }[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    results: { type: 'string', default: 'bench/results/latest.json' },
    workload: { type: 'string' },
    top: { type: 'string', default: '25' },
  },
});

const [profilePath] = positionals;
if (!profilePath) {
  console.log(
    'usage: profile-summary.js <profile.cpuprofile> [--results <file>] [--workload <id>] [--top <n>]',
  );
  process.exit(1);
}

const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
let windows: [number, number][] = [[-Infinity, Infinity]];
let calls: number | undefined;
if (values.workload) {
  const results = JSON.parse(readFileSync(values.results, 'utf8')) as ResultsFile;
  const workload = results.workloads.find((w) => w.id === values.workload);
  if (!workload?.windowsMonotonicUs) throw new Error(`no measured windows for ${values.workload}`);
  windows = workload.windowsMonotonicUs;
  calls = workload.calls;
}

/** What a frame belongs to: a package, our code, a Node internal module, or a native activity. */
function area(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === 'writev' || functionName.startsWith('write')) return 'system calls: socket writes';
    return functionName.startsWith('(') ? functionName : `(${functionName || 'native'})`;
  }
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const lib = /\/(libs|apps|bench)\/([^/]+)\//.exec(url);
  return lib ? `${lib[1]}/${lib[2]}` : url;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfByFunction = new Map<string, number>();
const selfByArea = new Map<string, number>();
let busy = 0;
let idle = 0;
let clock = profile.startTime;
profile.samples.forEach((id, i) => {
  clock += profile.timeDeltas[i];
  if (!windows.some(([from, to]) => clock >= from && clock <= to)) return;
  const frame = byId.get(id)!.callFrame;
  const delta = profile.timeDeltas[i];
  if (frame.functionName === '(idle)') {
    idle += delta;
    return;
  }
  busy += delta;
  const where = area(frame);
  const name = `${frame.functionName || '(anonymous)'}  ${frame.url.replace(/^.*\/(node_modules|libs|apps)\//, '$1/')}:${frame.lineNumber + 1}`;
  selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + delta);
  selfByArea.set(where, (selfByArea.get(where) ?? 0) + delta);
});

const top = Number(values.top);
const line = (label: string, us: number) =>
  `${((us / busy) * 100).toFixed(1).padStart(5)}%` +
  `${calls ? `  ${(us / calls).toFixed(1).padStart(7)} µs/call` : ''}  ${label}`;
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [label, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(line(label, us));
};

console.log(
  `${profilePath}: ${(busy / 1e6).toFixed(2)} s busy, ${(idle / 1e6).toFixed(2)} s idle` +
    `${values.workload ? ` in the windows of ${values.workload}` : ''}` +
    `${calls ? ` (${calls} calls: ${(busy / calls).toFixed(1)} µs/call on the main thread)` : ''}`,
);
print('self time by area', selfByArea);
print('self time by function', selfByFunction);
