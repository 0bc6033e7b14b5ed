import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JsonSchemaValidator, loadGatewayConfig } from '@app/common';
import type { EventBus, GatewayEvent } from '@app/events';
import type { MetricsRecorder } from '@app/metrics';
import type { PromptCreateDto } from './dto/prompt-create.dto.js';
import { PromptRenderer } from './prompt-renderer.js';
import { PromptsException } from './prompts.exception.js';
import { PromptsService } from './prompts.service.js';
import { compileWorker, type CompiledWorker } from './test/compiled-worker.js';
import { InMemoryPromptsRepository } from './test/in-memory-prompts.repository.js';

const GREET: PromptCreateDto = {
  name: 'greet',
  template: 'Hello, {{ user }}!',
  argumentSchema: { type: 'object', properties: { user: { type: 'string' } }, required: ['user'] },
};

async function failure(promise: Promise<unknown>): Promise<PromptsException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PromptsException);
  return error as PromptsException;
}

describe(PromptsService.name, () => {
  let worker: CompiledWorker;
  let renderer: PromptRenderer;

  beforeAll(async () => {
    worker = await compileWorker();
    renderer = new PromptRenderer({
      timeoutMs: 5000,
      cacheSize: 10,
      maxOutputBytes: 10_000,
      workerUrl: worker.url,
    });
  });
  afterAll(async () => {
    await renderer?.close();
    await worker?.remove();
  });

  function service() {
    let clock = Date.UTC(2025, 0, 1);
    const repository = new InMemoryPromptsRepository(() => new Date((clock += 1000)));
    const events: GatewayEvent[] = [];
    const bus = { publish: (e: GatewayEvent) => events.push(e) } as unknown as EventBus;
    const metrics = { record: vi.fn() };
    const config = loadGatewayConfig({ MAX_PROMPT_SIZE: '100' });
    const sut = new PromptsService(
      repository,
      renderer,
      new JsonSchemaValidator(),
      bus,
      metrics as unknown as MetricsRecorder,
      config,
    );
    return { sut, repository, events, metrics };
  }

  describe(PromptsService.prototype.createPrompt.name, () => {
    it('stores the prompt at version 1, answers its MCP arguments and announces it', async () => {
      const { sut, events } = service();
      const created = await sut.createPrompt(GREET);
      expect(created).toMatchObject({
        id: 1,
        name: 'greet',
        originalName: 'greet',
        template: 'Hello, {{ user }}!',
        messages: null,
        arguments: [{ name: 'user', required: true }],
        version: 1,
        isActive: true,
        gatewayId: null,
      });
      expect(events.map((e) => e.type)).toEqual(['prompt_added']);
      expect(events[0].data).toMatchObject({ name: 'greet' });
    });

    it('turns MCP arguments into an equivalent argument schema', async () => {
      const { sut } = service();
      const created = await sut.createPrompt({
        name: 'p',
        template: '{{ a }}',
        arguments: [{ name: 'a', description: 'first', required: true }, { name: 'b' }],
      });
      expect(created.argumentSchema).toEqual({
        type: 'object',
        properties: { a: { type: 'string', description: 'first' }, b: { type: 'string' } },
        required: ['a'],
      });
      expect(created.arguments).toEqual([
        { name: 'a', description: 'first', required: true },
        { name: 'b', required: false },
      ]);
    });

    it.each([
      ['neither template nor messages', { name: 'p' }, 'PROMPT_INVALID', 422],
      [
        'both argumentSchema and arguments',
        { ...GREET, arguments: [{ name: 'user' }] },
        'PROMPT_INVALID',
        422,
      ],
      [
        'a repeated argument name',
        { name: 'p', template: 'x', arguments: [{ name: 'a' }, { name: 'a' }] },
        'PROMPT_INVALID',
        422,
      ],
      [
        'a schema that is not an object schema',
        { name: 'p', template: 'x', argumentSchema: { type: 'string' } },
        'PROMPT_INVALID',
        422,
      ],
      ['a template over MAX_PROMPT_SIZE', { name: 'p', template: 'é'.repeat(51) }, 'PROMPT_TOO_LARGE', 413],
      [
        'a message text over MAX_PROMPT_SIZE',
        { name: 'p', messages: [{ role: 'user', content: { type: 'text', text: 'x'.repeat(101) } }] },
        'PROMPT_TOO_LARGE',
        413,
      ],
      [
        'a template that does not compile',
        { name: 'p', template: '{% for x in y %}' },
        'PROMPT_TEMPLATE_INVALID',
        422,
      ],
      [
        'a resource with both text and blob',
        {
          name: 'p',
          messages: [
            { role: 'user', content: { type: 'resource', resource: { uri: 'x:', text: 't', blob: 'AA==' } } },
          ],
        },
        'PROMPT_INVALID',
        422,
      ],
    ] as [string, PromptCreateDto, string, number][])(
      'refuses %s and stores nothing',
      async (_what, dto, code, status) => {
        const { sut, repository, events } = service();
        const error = await failure(sut.createPrompt(dto));
        expect([error.code, error.status]).toEqual([code, status]);
        expect(repository.prompts.size).toBe(0);
        expect(events).toEqual([]);
      },
    );

    it('refuses an argument schema that is not valid JSON Schema', async () => {
      const { sut } = service();
      await expect(
        sut.createPrompt({
          name: 'p',
          template: 'x',
          argumentSchema: { properties: { a: { type: 'banana' } } },
        }),
      ).rejects.toMatchObject({ code: 'INVALID_JSON_SCHEMA', status: 422 });
    });

    it('refuses a name that is taken with 409', async () => {
      const { sut } = service();
      await sut.createPrompt(GREET);
      const error = await failure(sut.createPrompt({ ...GREET, template: 'other' }));
      expect([error.code, error.status]).toEqual(['PROMPT_NAME_CONFLICT', 409]);
      expect(error.message).toContain('"greet"');
    });
  });

  describe(PromptsService.prototype.renderPrompt.name, () => {
    it('renders the template as one user text message and records a successful execution', async () => {
      const { sut, metrics } = service();
      const { id } = await sut.createPrompt({ ...GREET, description: 'Greets' });
      expect(await sut.renderPrompt('greet', { user: 'Alice' })).toEqual({
        description: 'Greets',
        messages: [{ role: 'user', content: { type: 'text', text: 'Hello, Alice!' } }],
      });
      expect(metrics.record).toHaveBeenCalledWith('prompt', String(id), expect.any(Number), true);
    });

    it('names the missing required arguments and records a failed execution', async () => {
      const { sut, metrics } = service();
      await sut.createPrompt({
        name: 'two',
        template: '{{ user }} {{ lang }}',
        arguments: [
          { name: 'user', required: true },
          { name: 'lang', required: true },
        ],
      });
      const error = await failure(sut.renderPrompt('two', { lang: 'en' }));
      expect([error.code, error.status, error.message]).toEqual([
        'PROMPT_ARGUMENTS_INVALID',
        422,
        'missing required argument(s): user',
      ]);
      expect(metrics.record).toHaveBeenCalledWith('prompt', '1', expect.any(Number), false);
    });

    it('validates the arguments against the schema', async () => {
      const { sut } = service();
      await sut.createPrompt({
        name: 'n',
        template: '{{ n }}',
        argumentSchema: { type: 'object', properties: { n: { type: 'integer', maximum: 5 } } },
      });
      expect((await sut.renderPrompt('n', { n: 5 })).messages[0].content).toEqual({
        type: 'text',
        text: '5',
      });
      const error = await failure(sut.renderPrompt('n', { n: 6 }));
      expect(error.code).toBe('PROMPT_ARGUMENTS_INVALID');
      expect(error.message).toMatch(/\/n: must be <= 5/);
    });

    it('refuses arguments that are not an object', async () => {
      const { sut } = service();
      await sut.createPrompt({ name: 'p', template: 'x' });
      const error = await failure(sut.renderPrompt('p', ['a'] as unknown as Record<string, unknown>));
      expect(error.code).toBe('PROMPT_ARGUMENTS_INVALID');
    });

    it('answers 404 for an unknown or inactive prompt', async () => {
      const { sut } = service();
      const { id } = await sut.createPrompt(GREET);
      await sut.togglePrompt(id, false);
      for (const name of ['greet', 'nope']) {
        const error = await failure(sut.renderPrompt(name, { user: 'x' }));
        expect([error.code, error.status]).toEqual(['PROMPT_NOT_FOUND', 404]);
      }
    });

    it('renders every text of a multimodal prompt and passes images and blobs through', async () => {
      const { sut } = service();
      await sut.createPrompt({
        name: 'mm',
        arguments: [{ name: 'thing', required: true }],
        messages: [
          { role: 'user', content: { type: 'text', text: 'Look at the {{ thing }}' } },
          { role: 'user', content: { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' } },
          {
            role: 'assistant',
            content: { type: 'resource', resource: { uri: 'file:///n.md', text: 'Notes on {{ thing }}' } },
          },
          { role: 'user', content: { type: 'resource', resource: { uri: 'file:///b', blob: 'AAE=' } } },
        ],
      });
      expect((await sut.renderPrompt('mm', { thing: 'cat' })).messages).toEqual([
        { role: 'user', content: { type: 'text', text: 'Look at the cat' } },
        { role: 'user', content: { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' } },
        {
          role: 'assistant',
          content: { type: 'resource', resource: { uri: 'file:///n.md', text: 'Notes on cat' } },
        },
        { role: 'user', content: { type: 'resource', resource: { uri: 'file:///b', blob: 'AAE=' } } },
      ]);
    });
  });

  describe('versions', () => {
    it('keeps the previous state on every update and lists all versions newest first', async () => {
      const { sut, events } = service();
      await sut.createPrompt(GREET);
      await sut.updatePrompt('greet', { template: 'Hi, {{ user }}!' });
      const updated = await sut.updatePrompt('greet', { description: 'friendly' });
      expect(updated.version).toBe(3);
      const versions = await sut.listPromptVersions('greet');
      expect(versions.map((v) => [v.version, v.template, v.description, v.current])).toEqual([
        [3, 'Hi, {{ user }}!', 'friendly', true],
        [2, 'Hi, {{ user }}!', null, false],
        [1, 'Hello, {{ user }}!', null, false],
      ]);
      // Each version is dated when it became current: created, then each update.
      const dates = versions.map((v) => Date.parse(v.createdAt));
      expect(dates[0]).toBeGreaterThan(dates[1]);
      expect(dates[1]).toBeGreaterThan(dates[2]);
      expect(events.map((e) => e.type)).toEqual(['prompt_added', 'prompt_updated', 'prompt_updated']);
    });

    it('rolls back to an earlier version as a new version, keeping the history', async () => {
      const { sut } = service();
      await sut.createPrompt(GREET);
      await sut.updatePrompt('greet', { template: 'Hi, {{ user }}!', arguments: [{ name: 'user' }] });
      const rolledBack = await sut.rollbackPrompt('greet', 1);
      expect(rolledBack).toMatchObject({
        version: 3,
        template: 'Hello, {{ user }}!',
        argumentSchema: GREET.argumentSchema,
      });
      expect((await sut.renderPrompt('greet', { user: 'Bo' })).messages[0].content).toEqual({
        type: 'text',
        text: 'Hello, Bo!',
      });
      expect((await sut.listPromptVersions('greet')).map((v) => v.version)).toEqual([3, 2, 1]);
    });

    it('answers 404 for a version that does not exist', async () => {
      const { sut } = service();
      await sut.createPrompt(GREET);
      const error = await failure(sut.rollbackPrompt('greet', 7));
      expect([error.code, error.status]).toEqual(['PROMPT_VERSION_NOT_FOUND', 404]);
    });

    it('renames, keeps originalName in step for local prompts, and refuses a taken name', async () => {
      const { sut } = service();
      await sut.createPrompt(GREET);
      await sut.createPrompt({ name: 'other', template: 'x' });
      expect(await sut.updatePrompt('greet', { name: 'hello' })).toMatchObject({
        name: 'hello',
        originalName: 'hello',
      });
      const error = await failure(sut.updatePrompt('hello', { name: 'other' }));
      expect(error.code).toBe('PROMPT_NAME_CONFLICT');
    });

    it('removes messages with null, but not when that leaves nothing to render', async () => {
      const { sut } = service();
      await sut.createPrompt({
        name: 'm',
        messages: [{ role: 'user', content: { type: 'text', text: 'a' } }],
      });
      expect((await failure(sut.updatePrompt('m', { messages: null }))).code).toBe('PROMPT_INVALID');
      expect(await sut.updatePrompt('m', { messages: null, template: 'b' })).toMatchObject({
        messages: null,
        template: 'b',
      });
    });
  });

  describe(PromptsService.prototype.requirePrompts.name, () => {
    it('answers the prompts in the order asked and names every id that does not exist', async () => {
      const { sut } = service();
      await sut.createPrompt({ name: 'a', template: 'a' });
      await sut.createPrompt({ name: 'b', template: 'b' });
      expect((await sut.requirePrompts([2, 1, 2])).map((p) => p.name)).toEqual(['b', 'a', 'b']);
      const error = await failure(sut.requirePrompts([1, 9, 2_147_483_648]));
      expect([error.code, error.message]).toEqual(['PROMPT_NOT_FOUND', 'Prompt not found: 9, 2147483648']);
    });
  });

  describe(PromptsService.prototype.togglePrompt.name, () => {
    it('deactivates and activates, announcing only real changes', async () => {
      const { sut, events } = service();
      const { id } = await sut.createPrompt(GREET);
      expect((await sut.togglePrompt(id, false)).isActive).toBe(false);
      expect((await sut.togglePrompt(id, false)).isActive).toBe(false);
      expect(await sut.listPrompts()).toEqual([]);
      expect(await sut.listPrompts(true)).toHaveLength(1);
      expect((await sut.togglePrompt(id, true)).isActive).toBe(true);
      expect(events.map((e) => e.type)).toEqual(['prompt_added', 'prompt_deactivated', 'prompt_activated']);
    });
  });
});
