/** The printed report: one table of workloads, one of targets. */
import type { IdleResult, TargetResult, WorkloadResult } from './results.js';
import { signedMb } from './targets.js';

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function workloadTable(workloads: WorkloadResult[]): string {
  const header = [
    'workload',
    'conc',
    'calls/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'errors',
    'wrong',
    'hop µs/call',
    'upstream µs/call',
    'hop RSS MB',
    'upstream RSS MB',
    'hop r/w syscalls/call',
  ];
  const rows = workloads.map((w) => {
    if (w.status !== 'ok') return [w.id, String(w.concurrency), 'n/a', ...new Array<string>(10).fill('')];
    const hop = w.hop ? w.processes?.[w.hop] : undefined;
    const up = w.upstream ? w.processes?.[w.upstream] : undefined;
    return [
      w.id,
      String(w.concurrency),
      fixed(w.callsPerSec, 0),
      fixed(w.latencyMs?.p50, 2),
      fixed(w.latencyMs?.p90, 2),
      fixed(w.latencyMs?.p99, 2),
      String(w.errors),
      String(w.wrong),
      hop ? fixed(hop.cpuUsPerCall, 0) : '–',
      up ? fixed(up.cpuUsPerCall, 0) : '–',
      hop ? fixed(hop.rssMeanMb, 0) : '–',
      up ? fixed(up.rssMeanMb, 0) : '–',
      hop ? `${fixed(hop.readsPerCall, 1)} / ${fixed(hop.writesPerCall, 1)}` : '–',
    ];
  });
  return table(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
}

export function notes(workloads: WorkloadResult[], idle?: IdleResult): string {
  const lines: string[] = [];
  for (const w of workloads) {
    if (w.status !== 'ok') lines.push(`${w.id}: n/a — ${w.reason ?? ''}`);
    else if (w.reason) lines.push(`${w.id}: ${w.reason}`);
    if (w.samples?.length) lines.push(...w.samples.map((s) => `${w.id}: ${s}`));
  }
  const noisy = workloads.filter((w) => w.status === 'ok' && (w.otherCpuPercent ?? 0) >= 10);
  if (noisy.length > 0) {
    const worst = noisy.reduce((a, b) => (b.otherCpuPercent! > a.otherCpuPercent! ? b : a));
    lines.push(
      `others: processes outside the benchmark used ≥ 10% of a core during ${noisy.length} workloads ` +
        `(most: ${fixed(worst.otherCpuPercent, 0)}% during ${worst.id}); their figures are less trustworthy`,
    );
  }
  if (idle) {
    lines.push(
      idle.status === 'ok'
        ? `${idle.id}: ${idle.sessions}/${idle.requested} sessions, gateway RSS ${fixed(idle.idleRssMb, 0)} → ${fixed(idle.loadedRssMb, 0)} MB (${idle.addedRssMb === undefined ? '–' : signedMb(idle.addedRssMb)})${idle.reason ? `; ${idle.reason}` : ''}`
        : `${idle.id}: n/a — ${idle.reason ?? ''}`,
    );
  }
  return lines.join('\n');
}

export function targetTable(targets: TargetResult[]): string {
  const rows = targets.map((t) => [
    t.status === 'pass' ? 'PASS' : t.measured ? 'FAIL' : 'FAIL (n/a)',
    t.name,
    t.detail,
  ]);
  return table(['result', 'target', 'measured'], rows, new Set());
}
