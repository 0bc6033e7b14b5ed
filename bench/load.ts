/**
 * The load generator: a process of its own (forked by run.ts, so its CPU is never counted against the server
 * under test) that opens N MCP sessions and drives them in closed loops until told to stop. The measured window
 * is set by the orchestrator (`mark` … `stop`), which reads /proc around it.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { FromLoad, LoadSpec, LoadStats, ToLoad } from './lib/load-protocol.js';
import { SseSession, StreamableHttpSession, type McpClientSession } from './lib/mcp-sessions.js';
import { CallError, checkToolAnswer, isObject, WrongAnswerError } from './lib/wire.js';

const SAMPLE_LIMIT = 8;
const OPEN_PARALLELISM = 32;

class Window {
  measuring = false;
  calls = 0;
  errors = 0;
  wrong = 0;
  requests = 0;
  latencies: number[] = [];
  readonly samples = new Set<string>();

  reset(): void {
    this.measuring = true;
    this.calls = this.errors = this.wrong = this.requests = 0;
    this.latencies = [];
    this.samples.clear();
  }

  note(kind: 'error' | 'wrong', message: string): void {
    if (!this.measuring) return;
    if (kind === 'error') this.errors++;
    else this.wrong++;
    if (this.samples.size < SAMPLE_LIMIT) this.samples.add(`${kind}: ${message.slice(0, 200)}`);
  }

  ok(ms: number, requests: number): void {
    if (!this.measuring) return;
    this.calls++;
    this.requests += requests;
    this.latencies.push(Math.round(ms * 1000) / 1000); // µs resolution: a smaller message to the orchestrator
  }

  stats(): LoadStats {
    return {
      calls: this.calls,
      errors: this.errors,
      wrong: this.wrong,
      requests: this.requests,
      latenciesMs: this.latencies,
      samples: [...this.samples],
    };
  }
}

function send(message: FromLoad): void {
  process.send?.(message);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
  return String(error);
}

class LoadRun {
  private readonly window = new Window();
  private readonly pools: Pool[] = [];
  private running = true;
  private readonly sessions: McpClientSession[] = [];
  /** Listing replies parsed so far, shared by the sessions (see StreamableHttpSession). */
  private readonly replies = new Map<string, { bytes: Buffer; result: Record<string, unknown> }>();
  private loops: Promise<void>[] = [];
  private readonly prefix = randomBytes(4).toString('hex');
  private tagSeq = 0;
  private readonly postPool: Pool;
  private readonly streamPool?: Pool;

  constructor(private readonly spec: LoadSpec) {
    const connections = spec.concurrency + 4;
    this.postPool = this.pool(connections, 15_000);
    if (spec.transport === 'sse') this.streamPool = this.pool(connections, 0);
  }

  private pool(connections: number, bodyTimeout: number): Pool {
    const pool = new Pool(this.spec.origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: 15_000,
      bodyTimeout,
    });
    this.pools.push(pool);
    return pool;
  }

  private newSession(): McpClientSession & { requests: number } {
    const { spec } = this;
    if (spec.transport === 'http')
      return new StreamableHttpSession(
        this.postPool,
        spec.path,
        spec.authorization,
        spec.mode === 'list' ? this.replies : undefined,
      );
    return new SseSession(
      this.streamPool!,
      this.postPool,
      spec.origin,
      spec.path,
      spec.authorization,
      (detail) => this.window.note('wrong', detail),
    );
  }

  private tag(): string {
    return `${this.prefix}:${this.tagSeq++}:${Math.random().toString(36).slice(2, 8)}`;
  }

  /** Opens the sessions (all but `setup` mode); resolves with how many opened and the first failure. */
  async start(): Promise<{ opened: number; failure?: string }> {
    if (this.spec.mode === 'setup') {
      // Probe once so a broken target is reported as such instead of as a window full of errors.
      const probe = this.newSession();
      try {
        await probe.open();
        await this.callTool(probe);
      } catch (error) {
        return { opened: 0, failure: describe(error) };
      } finally {
        await probe.close();
      }
      for (let i = 0; i < this.spec.concurrency; i++) this.loops.push(this.setupLoop());
      return { opened: this.spec.concurrency };
    }
    let failure: string | undefined;
    let next = 0;
    const opener = async () => {
      while (next < this.spec.concurrency) {
        next++;
        const session = this.newSession();
        try {
          await session.open();
          this.sessions.push(session);
        } catch (error) {
          failure ??= describe(error);
          await session.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(OPEN_PARALLELISM, this.spec.concurrency) }, opener));
    if (this.spec.mode !== 'idle' && this.sessions.length > 0) {
      // A target that cannot do the work at all is n/a, not a window of errors.
      try {
        await this.once(this.sessions[0]);
      } catch (error) {
        return { opened: 0, failure: describe(error) };
      }
      this.loops = this.sessions.map((session) => this.loop(session));
    }
    return { opened: this.sessions.length, failure };
  }

  private async callTool(session: McpClientSession): Promise<void> {
    const tag = this.tag();
    const result = await session.call('tools/call', { name: this.spec.tool, arguments: { text: tag } });
    checkToolAnswer(result, tag, this.spec.answer);
  }

  /** One unit of work of the closed loop: a tools/call, or a full listing. Resolves with the requests it took. */
  private async once(session: McpClientSession): Promise<number> {
    if (this.spec.mode !== 'list') {
      await this.callTool(session);
      return 1;
    }
    const names = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await session.call('tools/list', cursor === undefined ? undefined : { cursor });
      pages++;
      if (!Array.isArray(result.tools)) throw new CallError('tools/list result has no tools array');
      for (const tool of result.tools as unknown[]) if (isObject(tool)) names.add(String(tool.name));
      cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
      if (pages > 10_000) throw new CallError('tools/list never ends');
    } while (cursor !== undefined);
    if (this.spec.expectTools !== undefined && names.size !== this.spec.expectTools)
      throw new WrongAnswerError(`listing holds ${names.size} tools, expected ${this.spec.expectTools}`);
    return pages;
  }

  private record(error: unknown): void {
    if (error instanceof WrongAnswerError) this.window.note('wrong', error.message);
    else this.window.note('error', describe(error));
  }

  private async loop(session: McpClientSession): Promise<void> {
    while (this.running) {
      const start = performance.now();
      try {
        const requests = await this.once(session);
        this.window.ok(performance.now() - start, requests);
      } catch (error) {
        this.record(error);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  }

  private async setupLoop(): Promise<void> {
    while (this.running) {
      const session = this.newSession();
      const start = performance.now();
      try {
        await session.open();
        await this.callTool(session);
        this.window.ok(performance.now() - start, session.requests);
      } catch (error) {
        this.record(error);
        await new Promise((r) => setTimeout(r, 5));
      } finally {
        await session.close();
      }
    }
  }

  mark(): void {
    this.window.reset();
  }

  /** Freezes the window, lets in-flight work finish, closes the sessions. */
  async stop(): Promise<{ stats: LoadStats; closeErrors: number }> {
    const stats = this.window.stats();
    this.window.measuring = false;
    this.running = false;
    await Promise.race([Promise.all(this.loops), new Promise((r) => setTimeout(r, 20_000).unref())]);
    const closed = await Promise.all(this.sessions.map((s) => s.close()));
    await Promise.all(this.pools.map((p) => p.destroy().catch(() => undefined)));
    return { stats, closeErrors: closed.filter((ok) => !ok).length };
  }
}

let run: LoadRun | undefined;
let finished = false;

// The bench went away without stopping us: nobody will read the result.
process.on('disconnect', () => {
  if (!finished) process.exit(0);
});

process.on('message', (message: ToLoad) => {
  switch (message.type) {
    case 'start':
      run = new LoadRun(message.spec);
      void run.start().then(({ opened, failure }) =>
        send({
          type: 'ready',
          sessions: opened,
          failed: opened === 0 ? (failure ?? 'no session') : failure,
        }),
      );
      return;
    case 'mark':
      run?.mark();
      return;
    case 'stop':
      if (!run) return;
      void run.stop().then(({ stats, closeErrors }) => {
        finished = true;
        // A large result takes several writes: disconnect only once it is out, or it is lost.
        process.send?.({ type: 'result', stats, closeErrors } satisfies FromLoad, () =>
          process.disconnect?.(),
        );
      });
      return;
  }
});
