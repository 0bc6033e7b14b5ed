/** Starting, watching and stopping the processes of a benchmark run (all on 127.0.0.1). */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';

/** A process under measurement: its pid is what /proc is read for. */
export interface BenchProcess {
  name: string;
  pid: number;
  url: string;
  /** The last lines it wrote, for error reports. */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_LINES = 60;

function capture(child: ChildProcess): () => string {
  const lines: string[] = [];
  const keep = (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    if (lines.length > OUTPUT_LINES) lines.splice(0, lines.length - OUTPUT_LINES);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  return () => lines.join('\n');
}

/** Spawned children (no IPC channel to notice the bench is gone) still running; killed if the bench dies. */
const spawned = new Set<ChildProcess>();
let reaperInstalled = false;

/**
 * Makes sure a spawned child does not outlive the bench: a run that ends with an exception would otherwise leave
 * its gateways listening (and holding memory) under every later run.
 */
function reapOnExit(child: ChildProcess): void {
  if (!reaperInstalled) {
    reaperInstalled = true;
    process.once('exit', () => {
      for (const running of spawned) running.kill('SIGKILL');
    });
  }
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
}

/** Resolves when the child exits (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function terminate(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const done = exited(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

/** Forks one of the bench's own scripts, which reports `{type: 'listening', port}` over IPC once it listens. */
export async function forkListening(
  name: string,
  script: string,
  args: string[],
  execArgv: string[] = [],
): Promise<BenchProcess> {
  const child = fork(script, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv });
  const output = capture(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 15 s:\n${output()}`)), 15_000);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'listening' && message.port) {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output()}`));
    });
  });
  child.removeAllListeners('exit');
  child.removeAllListeners('message');
  // Keep the channel, so the child notices when the bench is gone (and exits), but let the bench exit freely.
  child.channel?.unref();
  return {
    name,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    output,
    stop: () => terminate(child),
  };
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Spawns a process that listens on a port it was told, and waits until `readyPath` answers with `ok`. */
export async function spawnListening(
  name: string,
  command: string,
  args: string[],
  options: {
    port: number;
    env: Record<string, string>;
    cwd?: string;
    readyPath: string;
    ok: (status: number) => boolean;
    timeoutMs?: number;
    graceMs?: number;
    /** Also writes everything it prints to this file. */
    logFile?: string;
  },
): Promise<BenchProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  reapOnExit(child);
  const output = capture(child);
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile);
    child.stdout?.on('data', (chunk: string) => log.write(chunk));
    child.stderr?.on('data', (chunk: string) => log.write(chunk));
    child.once('exit', () => log.end());
  }
  let gone = false;
  child.once('exit', () => (gone = true));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (gone) throw new Error(`${name} exited before it was ready:\n${output()}`);
    const status = await fetch(`${url}${options.readyPath}`).then(
      (r) => r.body?.cancel().then(() => r.status) ?? r.status,
      () => 0,
    );
    if (options.ok(status)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready in time:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, pid: child.pid!, url, output, stop: () => terminate(child, options.graceMs) };
}
