/**
 * A process's own CPU time and resident memory, read from /proc. CPU is the sum of every thread's run time in
 * nanoseconds (/proc/<pid>/task/<tid>/schedstat), so V8's GC and libuv threads count too; where schedstat is not
 * available, utime + stime from /proc/<pid>/stat in clock ticks (CLK_TCK, read once from getconf). System calls
 * from /proc/<pid>/io: on loopback, the kernel's send path runs in the sender's time, so writes per call matter.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function schedstatNs(pid: number): number | undefined {
  let total = 0;
  let any = false;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      any = true;
    } catch {
      // the thread ended between listing and reading
    }
  }
  return any && total > 0 ? total : undefined;
}

/** CPU time the process has used so far, in nanoseconds; undefined when it is gone. */
export function cpuTimeNs(pid: number): number | undefined {
  try {
    const precise = schedstatNs(pid);
    if (precise !== undefined) return precise;
    const fields = statFields(pid);
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the name
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks()) * 1e9;
  } catch {
    return undefined;
  }
}

/** Resident set size in bytes; undefined when the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The pids whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(Number(entry))[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Read and write system calls made so far (/proc/<pid>/io: syscr, syscw; writev counts as one write). */
export function syscalls(pid: number): { reads: number; writes: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/io`, 'utf8');
    const reads = /^syscr:\s+(\d+)/m.exec(text);
    const writes = /^syscw:\s+(\d+)/m.exec(text);
    return reads && writes ? { reads: Number(reads[1]), writes: Number(writes[1]) } : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time the whole machine has spent busy so far (all cores; /proc/stat, in ns at clock-tick resolution). */
export function machineBusyNs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq + steal) / clockTicks()) * 1e9;
  } catch {
    return undefined;
  }
}
