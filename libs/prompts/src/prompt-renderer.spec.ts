import { Logger } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PromptTemplateSlot } from './prompt-message.js';
import { PromptRenderer, type PromptRendererOptions } from './prompt-renderer.js';
import { PromptsException } from './prompts.exception.js';
import { compileWorker, type CompiledWorker } from './test/compiled-worker.js';

const slots = (...templates: string[]): PromptTemplateSlot[] =>
  templates.map((template, i) => ({
    path: i === 0 ? 'template' : `messages[${i - 1}].content.text`,
    template,
  }));

/** 10⁸ loop iterations over small lists: seconds of CPU, little memory. */
const BUSY_LOOP = '{% for i in range(0, 10000) %}{% for j in range(0, 10000) %}{% endfor %}{% endfor %}';

async function rejection(promise: Promise<unknown>): Promise<PromptsException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PromptsException);
  return error as PromptsException;
}

describe(PromptRenderer.name, () => {
  let worker: CompiledWorker;
  let sut: PromptRenderer;
  const renderers: PromptRenderer[] = [];
  const renderer = (options: Partial<PromptRendererOptions> = {}): PromptRenderer => {
    const created = new PromptRenderer({
      timeoutMs: 5000,
      cacheSize: 10,
      maxOutputBytes: 10_000,
      workerUrl: worker.url,
      ...options,
    });
    renderers.push(created);
    return created;
  };

  beforeAll(async () => {
    worker = await compileWorker();
  });
  afterAll(async () => {
    await worker?.remove();
  });
  beforeEach(() => {
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    sut = renderer();
  });
  afterEach(async () => {
    await Promise.all(renderers.splice(0).map((r) => r.close()));
    vi.restoreAllMocks();
  });

  it('renders in a worker process, not in this one', async () => {
    expect(await sut.render(slots('Hello, {{ user }}!', '{{ n + 1 }}'), { user: 'Alice', n: 1 })).toEqual([
      'Hello, Alice!',
      '2',
    ]);
    expect(sut.workerPids).toHaveLength(1);
    expect(sut.workerPids[0]).not.toBe(process.pid);
  });

  it('hands the worker a JSON copy of the arguments', async () => {
    const args = { when: new Date(Date.UTC(2025, 0, 2)), skip: undefined, nested: { list: [1, 'two'] } };
    expect(await sut.render(slots('{{ when }}|{{ skip }}|{{ nested.list | join("-") }}'), args)).toEqual([
      '2025-01-02T00:00:00.000Z||1-two',
    ]);
  });

  it('takes deeply nested arguments in its stride', async () => {
    let nested: unknown = 'bottom';
    for (let i = 0; i < 1000; i++) nested = { a: nested };
    expect(await sut.render(slots('{{ top.a.a.a | dump | length > 0 }}'), { top: nested })).toEqual(['true']);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const error = await rejection(sut.render(slots('x'), circular));
    expect(error.code).toBe('PROMPT_ARGUMENTS_INVALID');
  });

  it('answers 422 PROMPT_TEMPLATE_INVALID naming the template that does not compile', async () => {
    await expect(sut.check(slots('fine'))).resolves.toBeUndefined();
    const error = await rejection(sut.check(slots('fine', '{% if x %}')));
    expect(error.code).toBe('PROMPT_TEMPLATE_INVALID');
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/^Invalid template \(messages\[0\]\.content\.text: parseIf: expected elif/);
  });

  it('answers 422 PROMPT_RENDER_FAILED when the sandbox refuses a lookup', async () => {
    const error = await rejection(
      sut.render(slots('{{ s[k][k]("return process")() }}'), { s: '', k: 'constructor' }),
    );
    expect(error.code).toBe('PROMPT_RENDER_FAILED');
    expect(error.message).toMatch(/"constructor" cannot be accessed/);
  });

  it('answers 422 PROMPT_OUTPUT_TOO_LARGE beyond maxOutputBytes', async () => {
    const error = await rejection(
      sut.render(slots('{% for i in range(0, 2000) %}0123456789{% endfor %}'), {}),
    );
    expect(error.code).toBe('PROMPT_OUTPUT_TOO_LARGE');
    expect(error.message).toContain('10000 bytes');
  });

  it('stops a render that runs past the timeout, replaces the worker and keeps rendering', async () => {
    sut = renderer({ timeoutMs: 500 });
    await sut.render(slots('warm'), {});
    const [first] = sut.workerPids;
    const started = Date.now();
    const error = await rejection(sut.render(slots(BUSY_LOOP), {}));
    expect(error.code).toBe('PROMPT_RENDER_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await sut.render(slots('still {{ ok }}'), { ok: 'here' })).toEqual(['still here']);
    expect(sut.workerPids).not.toContain(first);
  });

  it('stops a render that needs more memory than the limit, without harm to this process', async () => {
    sut = renderer({ memoryLimitMb: 32 });
    const error = await rejection(sut.render(slots('{% for i in range(0, 100000000) %}{% endfor %}'), {}));
    expect(error.code).toBe('PROMPT_RENDER_FAILED');
    expect(error.message).toMatch(/more than 32 MB of memory/);
    expect(await sut.render(slots('after'), {})).toEqual(['after']);
  });

  it('keeps rendering on another worker while one is busy', async () => {
    sut = renderer({ workers: 2, timeoutMs: 2000 });
    const settled: string[] = [];
    const slow = rejection(sut.render(slots(BUSY_LOOP), {})).finally(() => settled.push('slow'));
    expect(await sut.render(slots('quick'), {})).toEqual(['quick']);
    settled.push('quick');
    expect((await slow).code).toBe('PROMPT_RENDER_TIMEOUT');
    expect(settled).toEqual(['quick', 'slow']);
  });

  it('refuses new renders with 503 when too many are waiting', async () => {
    sut = renderer({ workers: 1, maxQueue: 1, timeoutMs: 1000 });
    await sut.render(slots('warm'), {});
    const running = sut.render(slots(BUSY_LOOP), {}).catch(() => undefined);
    const waiting = sut.render(slots('queued'), {});
    const error = await rejection(sut.render(slots('refused'), {}));
    expect(error.code).toBe('PROMPT_RENDER_BUSY');
    expect(error.status).toBe(503);
    await running;
    expect(await waiting).toEqual(['queued']);
  });

  it('fails requests instead of hanging when the worker cannot start', async () => {
    sut = renderer({ workerUrl: new URL('file:///nonexistent/prompt-render.worker.js') });
    await expect(sut.render(slots('x'), {})).rejects.toThrow(/worker exited/);
  });

  it('refuses renders once closed', async () => {
    await sut.render(slots('x'), {});
    await sut.close();
    expect(sut.workerPids).toEqual([]);
    await expect(sut.render(slots('x'), {})).rejects.toThrow(/shut down/);
  });
});
