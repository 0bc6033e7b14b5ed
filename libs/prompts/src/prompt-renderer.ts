import { type ChildProcess, fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { GatewayConfig } from '@app/common';
import type { PromptTemplateSlot } from './prompt-message.js';
import type {
  PromptSandboxOptions,
  RenderJob,
  RenderRequest,
  SandboxFailure,
  SandboxResult,
  WorkerMessage,
} from './prompt-render.protocol.js';
import { PromptsException } from './prompts.exception.js';

/** How PromptRenderer runs its workers. */
export interface PromptRendererOptions {
  /** A render (or check) taking longer is stopped: its worker is killed and replaced. */
  timeoutMs: number;
  /** Compiled templates each worker keeps. */
  cacheSize: number;
  /** Largest total output of one render, in UTF-8 bytes. */
  maxOutputBytes: number;
  /** V8 old-generation heap of a worker; a render that needs more is stopped. Default 64. */
  memoryLimitMb?: number;
  /** Workers rendering at the same time. Default 2. */
  workers?: number;
  /** Requests waiting for a worker beyond which new ones are refused (503). Default 256. */
  maxQueue?: number;
  /** The worker script; default: prompt-render.worker.js next to this file (the compiled build). */
  workerUrl?: URL;
}

interface Job {
  request: RenderJob;
  resolve(result: SandboxResult): void;
  reject(error: Error): void;
}

interface Worker {
  process: ChildProcess;
  ready: boolean;
  /** The end of its stderr: how an out-of-memory death is told from other crashes. */
  stderr: string;
  running?: { id: number; job: Job; timer: NodeJS.Timeout };
  retired?: Error;
}

const STDERR_KEPT = 4096;

/**
 * Renders prompt templates in a small pool of worker processes (prompt-render.worker.ts), so that a template
 * never runs in the gateway's process: a worker has its own small heap, sees no environment variables, and
 * is killed when a render runs too long or exhausts its memory, after which a new one is started on demand.
 * Each worker renders one request at a time; workers start on first use.
 *
 * Why processes and not worker_threads: a thread's resourceLimits do not contain every out-of-memory. One
 * large allocation past the limit (a template building a huge list or string) aborts the whole process
 * (nodejs/node#47224), so `{% for i in range(0, 100000000) %}` would take the gateway down with it.
 */
export class PromptRenderer implements OnModuleDestroy {
  private readonly logger = new Logger(PromptRenderer.name);
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly workerPath: string;
  private readonly memoryLimitMb: number;
  private readonly poolSize: number;
  private readonly maxQueue: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PromptRendererOptions) {
    this.workerPath = fileURLToPath(
      options.workerUrl ?? new URL('./prompt-render.worker.js', import.meta.url),
    );
    this.memoryLimitMb = options.memoryLimitMb ?? 64;
    this.poolSize = Math.max(1, options.workers ?? 2);
    this.maxQueue = options.maxQueue ?? 256;
  }

  /** The renderer the gateway uses: PROMPT_RENDER_TIMEOUT, PROMPT_CACHE_SIZE, output up to 10 × MAX_PROMPT_SIZE. */
  static fromConfig(config: GatewayConfig): PromptRenderer {
    return new PromptRenderer({
      timeoutMs: config.promptRenderTimeout * 1000,
      cacheSize: config.promptCacheSize,
      maxOutputBytes: 10 * config.maxPromptSize,
    });
  }

  /** Compiles every template; throws 422 PROMPT_TEMPLATE_INVALID naming the first one that does not compile. */
  async check(slots: readonly PromptTemplateSlot[]): Promise<void> {
    if (slots.length === 0) return;
    const result = await this.run({ op: 'check', templates: slots.map((s) => s.template) });
    if (!result.ok) throw this.failure(result.failure, slots);
  }

  /**
   * Renders every template with the same arguments, which reach the worker as a JSON copy (plain data only).
   * Throws 422 PROMPT_RENDER_FAILED, PROMPT_RENDER_TIMEOUT, PROMPT_OUTPUT_TOO_LARGE or
   * PROMPT_TEMPLATE_INVALID, or 503 PROMPT_RENDER_BUSY when too many renders are waiting.
   */
  async render(slots: readonly PromptTemplateSlot[], context: Record<string, unknown>): Promise<string[]> {
    if (slots.length === 0) return [];
    let json: string;
    try {
      json = JSON.stringify(context);
    } catch {
      throw new PromptsException(
        'PROMPT_ARGUMENTS_INVALID',
        'arguments must be JSON data, not nested too deeply',
      );
    }
    const result = await this.run({ op: 'render', templates: slots.map((s) => s.template), context: json });
    if (!result.ok) throw this.failure(result.failure, slots);
    return result.outputs;
  }

  /** Process ids of the live workers (for tests and diagnostics). */
  get workerPids(): number[] {
    return this.workers.map((w) => w.process.pid ?? -1);
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  /** Refuses new requests, fails the waiting ones and stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    const reason = new Error('The prompt renderer is shutting down');
    for (const job of this.queue.splice(0)) job.reject(reason);
    const exits = this.workers.map(
      (w) =>
        new Promise<void>((resolve) =>
          w.process.exitCode !== null || w.process.signalCode !== null
            ? resolve()
            : w.process.once('exit', () => resolve()),
        ),
    );
    for (const worker of [...this.workers]) this.retire(worker, reason);
    await Promise.all(exits);
  }

  private run(request: RenderJob): Promise<SandboxResult> {
    if (this.closed) return Promise.reject(new Error('The prompt renderer is shut down'));
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(
        new PromptsException('PROMPT_RENDER_BUSY', 'Too many prompt renders are waiting; retry shortly'),
      );
    }
    return new Promise<SandboxResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  /** Hands waiting jobs to idle workers, and starts workers while there are more jobs than starting ones. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.workers.find((w) => w.ready && !w.running);
      if (!idle) break;
      this.start(idle, this.queue.shift() as Job);
    }
    const starting = this.workers.filter((w) => !w.ready).length;
    if (this.queue.length > starting && this.workers.length < this.poolSize && !this.closed) this.spawn();
  }

  private start(worker: Worker, job: Job): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.logger.warn(`A prompt render ran past ${this.options.timeoutMs} ms; its worker is replaced`);
      this.retire(
        worker,
        new PromptsException(
          'PROMPT_RENDER_TIMEOUT',
          `Rendering the prompt took longer than ${this.options.timeoutMs / 1000} s and was stopped`,
        ),
      );
    }, this.options.timeoutMs);
    worker.running = { id, job, timer };
    worker.process.send({ id, ...job.request } satisfies RenderRequest);
  }

  private spawn(): void {
    const options: PromptSandboxOptions = {
      cacheSize: this.options.cacheSize,
      maxOutputBytes: this.options.maxOutputBytes,
    };
    const child = fork(this.workerPath, [JSON.stringify(options)], {
      // No environment (no secrets, no NODE_OPTIONS) and no working directory worth reading.
      env: {},
      cwd: tmpdir(),
      execArgv: [
        `--max-old-space-size=${this.memoryLimitMb}`,
        `--max-semi-space-size=${Math.max(1, Math.min(16, Math.floor(this.memoryLimitMb / 8)))}`,
      ],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const worker: Worker = { process: child, ready: false, stderr: '' };
    this.workers.push(worker);
    // Workers must not keep the gateway alive; close() stops them on shutdown.
    child.unref();
    child.channel?.unref();
    const stderr = child.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null;
    stderr?.unref?.();
    stderr?.setEncoding('utf8');
    stderr?.on('data', (chunk: string) => {
      worker.stderr = (worker.stderr + chunk).slice(-STDERR_KEPT);
    });

    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        worker.ready = true;
      } else if (worker.running?.id === message.id) {
        const { job, timer } = worker.running;
        clearTimeout(timer);
        worker.running = undefined;
        const { type: _type, id: _id, ...result } = message;
        job.resolve(result);
      }
      this.dispatch();
    });
    child.on('error', (error) => {
      this.logger.error(`Prompt render worker failed: ${error.message}`);
      this.retire(worker, new Error(`The prompt render worker failed: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      if (worker.retired) return;
      const outOfMemory = /heap out of memory|Reached heap limit/i.test(worker.stderr);
      if (!outOfMemory) {
        this.logger.error(
          `Prompt render worker exited (${signal ?? `code ${code}`})${worker.stderr ? `: ${worker.stderr.trim().slice(-500)}` : ''}`,
        );
      }
      this.retire(
        worker,
        outOfMemory
          ? new PromptsException(
              'PROMPT_RENDER_FAILED',
              `Rendering the prompt needed more than ${this.memoryLimitMb} MB of memory and was stopped`,
            )
          : new Error(`The prompt render worker exited (${signal ?? `code ${code}`})`),
      );
    });
  }

  /**
   * Takes a worker out of the pool for good: fails its running job with `reason`, kills it, and lets the
   * queue move on (to a replacement). A worker that never became ready takes the waiting jobs with it, so a
   * worker that cannot start does not leave requests hanging.
   */
  private retire(worker: Worker, reason: Error): void {
    if (worker.retired) return;
    worker.retired = reason;
    this.workers.splice(this.workers.indexOf(worker), 1);
    if (worker.running) {
      clearTimeout(worker.running.timer);
      worker.running.job.reject(reason);
      worker.running = undefined;
    }
    if (!worker.ready && !this.workers.some((w) => w.ready)) {
      for (const job of this.queue.splice(0)) job.reject(reason);
    }
    if (worker.process.exitCode === null && worker.process.signalCode === null)
      worker.process.kill('SIGKILL');
    this.dispatch();
  }

  private failure(failure: SandboxFailure, slots: readonly PromptTemplateSlot[]): PromptsException {
    const path = failure.index !== undefined ? slots[failure.index]?.path : undefined;
    const where = path ? `${path}: ` : '';
    switch (failure.kind) {
      case 'template':
        return new PromptsException(
          'PROMPT_TEMPLATE_INVALID',
          `Invalid template (${where}${failure.message})`,
        );
      case 'render':
        return new PromptsException('PROMPT_RENDER_FAILED', `Rendering failed (${where}${failure.message})`);
      case 'output':
        return new PromptsException(
          'PROMPT_OUTPUT_TOO_LARGE',
          `The rendered prompt is too large (${failure.message})`,
        );
    }
  }
}
