import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheBackend, GatewayLogger, loadGatewayConfig } from '@app/common';
import { EventBus, registryEvent, type GatewayEvent } from '@app/events';
import type { MetricsRecorder } from '@app/metrics';
import { type ResourcesErrorCode, ResourcesException } from './resources.exception.js';
import { ResourcesService } from './resources.service.js';
import { InMemoryResourcesRepository } from './test/in-memory-resources.repository.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');

async function service(env: Record<string, string> = {}) {
  const config = loadGatewayConfig({ MAX_RESOURCE_SIZE: '64', LOG_LEVEL: 'ERROR', ...env });
  const events = new EventBus(await CacheBackend.open(config), new GatewayLogger(config), config);
  const repository = new InMemoryResourcesRepository();
  const record = vi.fn<MetricsRecorder['record']>();
  const sut = new ResourcesService(repository, config, events, { record } as unknown as MetricsRecorder);
  sut.onModuleInit();
  const published: GatewayEvent[] = [];
  events.subscribe((event) => published.push(event));
  return { sut, repository, events, record, published };
}

/** The ResourcesException code the call rejects with; fails the test if it resolves or throws something else. */
async function failureOf(call: () => Promise<unknown>): Promise<ResourcesErrorCode> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ResourcesException) return error.code;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe(ResourcesService.name, () => {
  afterEach(() => vi.restoreAllMocks());

  describe(ResourcesService.prototype.createResource.name, () => {
    it('stores text content with its size and detected type, and announces it', async () => {
      const { sut, repository, published } = await service();
      const created = await sut.createResource({
        uri: 'config://app/settings',
        name: 'App Settings',
        content: 'key=value',
      });
      expect(created).toMatchObject({
        id: 1,
        uri: 'config://app/settings',
        name: 'App Settings',
        mimeType: 'text/plain',
        template: null,
        size: 9,
        isActive: true,
        gatewayId: null,
      });
      expect(repository.rows.get(1)).toMatchObject({ textContent: 'key=value', binaryContent: null });
      expect(published).toEqual([expect.objectContaining({ type: 'resource_added', data: created })]);
    });

    it('detects application/json from JSON text, image/png from a blob, and keeps a declared type', async () => {
      const { sut } = await service();
      expect((await sut.createResource({ uri: 'x://a', name: 'a', content: '{"a":1}' })).mimeType).toBe(
        'application/json',
      );
      const png = await sut.createResource({ uri: 'x://b', name: 'b', blob: PNG });
      expect(png).toMatchObject({ mimeType: 'image/png', size: 12 });
      expect(
        (
          await sut.createResource({
            uri: 'x://c',
            name: 'c',
            content: '{}',
            mimeType: 'text/plain; charset=utf-8',
          })
        ).mimeType,
      ).toBe('text/plain; charset=utf-8');
    });

    it('accepts a template without content and without a type', async () => {
      const { sut } = await service();
      const created = await sut.createResource({
        uri: 'logs://app',
        name: 'logs',
        template: 'logs://app/{date}',
      });
      expect(created).toMatchObject({ template: 'logs://app/{date}', size: 0, mimeType: null });
    });

    it.each([
      ['content over MAX_RESOURCE_SIZE', { content: 'x'.repeat(65) }, 'RESOURCE_TOO_LARGE'],
      [
        'a blob over MAX_RESOURCE_SIZE decoded',
        { blob: Buffer.alloc(65).toString('base64') },
        'RESOURCE_TOO_LARGE',
      ],
      ['a type not allowed', { content: 'x', mimeType: 'application/x-sh' }, 'RESOURCE_MIME_NOT_ALLOWED'],
      [
        'a detected type not allowed',
        { blob: Buffer.from('%PDF-1.7').toString('base64') },
        'RESOURCE_MIME_NOT_ALLOWED',
      ],
      ['content and blob', { content: 'x', blob: 'AAAA' }, 'RESOURCE_INVALID'],
      ['invalid base64', { blob: '@@@@' }, 'RESOURCE_INVALID'],
      ['neither content nor template', {}, 'RESOURCE_INVALID'],
    ] as const)('refuses %s and writes nothing', async (_what, body, code) => {
      const { sut, repository, published } = await service();
      expect(await failureOf(() => sut.createResource({ uri: 'x://r', name: 'r', ...body }))).toBe(code);
      expect(repository.rows.size).toBe(0);
      expect(published).toEqual([]);
    });

    it('takes the allow-list from ALLOWED_MIME_TYPES', async () => {
      const { sut } = await service({ ALLOWED_MIME_TYPES: '["application/pdf"]' });
      const pdf = Buffer.from('%PDF-1.7').toString('base64');
      expect((await sut.createResource({ uri: 'x://p', name: 'p', blob: pdf })).mimeType).toBe(
        'application/pdf',
      );
      expect(await failureOf(() => sut.createResource({ uri: 'x://t', name: 't', content: 'x' }))).toBe(
        'RESOURCE_MIME_NOT_ALLOWED',
      );
    });

    it('refuses a URI already registered with 409', async () => {
      const { sut } = await service();
      await sut.createResource({ uri: 'x://dup', name: 'a', content: 'a' });
      expect(await failureOf(() => sut.createResource({ uri: 'x://dup', name: 'b', content: 'b' }))).toBe(
        'RESOURCE_URI_CONFLICT',
      );
    });

    it('turns a unique violation of a racing insert into the same 409', async () => {
      const { sut, repository } = await service();
      await sut.createResource({ uri: 'x://race', name: 'a', content: 'a' });
      vi.spyOn(repository, 'findByUri').mockResolvedValueOnce(null); // the other request is not visible yet
      expect(await failureOf(() => sut.createResource({ uri: 'x://race', name: 'b', content: 'b' }))).toBe(
        'RESOURCE_URI_CONFLICT',
      );
    });
  });

  describe(ResourcesService.prototype.readResource.name, () => {
    it('answers text and blob content as the reference does', async () => {
      const { sut } = await service();
      await sut.createResource({ uri: 'x://t', name: 't', content: 'key=value' });
      await sut.createResource({ uri: 'x://b', name: 'b', blob: PNG });
      expect(await sut.readResource('x://t')).toEqual({
        type: 'resource',
        uri: 'x://t',
        mimeType: 'text/plain',
        text: 'key=value',
      });
      expect(await sut.readResource('x://b')).toEqual({
        type: 'resource',
        uri: 'x://b',
        mimeType: 'image/png',
        blob: PNG,
      });
    });

    it('serves a second read from the cache', async () => {
      const { sut, repository } = await service();
      await sut.createResource({ uri: 'x://t', name: 't', content: 'a' });
      await sut.readResource('x://t');
      const lookups = repository.uriLookups;
      await sut.readResource('x://t');
      expect(repository.uriLookups).toBe(lookups);
    });

    it('shows new content right after an update (the cache entry is dropped)', async () => {
      const { sut } = await service();
      await sut.createResource({ uri: 'x://t', name: 't', content: 'key=value' });
      await sut.readResource('x://t');
      await sut.updateResource('x://t', { content: 'new=value' });
      expect((await sut.readResource('x://t')).text).toBe('new=value');
    });

    it('answers 404 after delete and while inactive, even when cached before', async () => {
      const { sut } = await service();
      const { id } = await sut.createResource({ uri: 'x://t', name: 't', content: 'a' });
      await sut.readResource('x://t');
      await sut.toggleResource(id, false);
      expect(await failureOf(() => sut.readResource('x://t'))).toBe('RESOURCE_NOT_FOUND');
      await sut.toggleResource(id, true);
      expect((await sut.readResource('x://t')).text).toBe('a');
      await sut.deleteResource('x://t');
      expect(await failureOf(() => sut.readResource('x://t'))).toBe('RESOURCE_NOT_FOUND');
    });

    it('drops the cache entry when another replica announces a change to that URI', async () => {
      const { sut, repository, events } = await service();
      const created = await sut.createResource({ uri: 'x://t', name: 't', content: 'old' });
      await sut.createResource({ uri: 'x://other', name: 'o', content: 'o' });
      await sut.readResource('x://t');
      await sut.readResource('x://other');
      // Another replica wrote the shared database, then its event arrived over Redis.
      await repository.update(created.id, { textContent: 'from-elsewhere' });
      await repository.update(created.id + 1, { textContent: 'other-elsewhere' });
      events.publish(registryEvent('resource', 'updated', { ...created }));
      expect((await sut.readResource('x://t')).text).toBe('from-elsewhere');
      expect((await sut.readResource('x://other')).text).toBe('o');
    });

    it('stops listening to the bus when the module is destroyed', async () => {
      const { sut, repository, events } = await service();
      const created = await sut.createResource({ uri: 'x://t', name: 't', content: 'old' });
      await sut.readResource('x://t');
      sut.onModuleDestroy();
      await repository.update(created.id, { textContent: 'new' });
      events.publish(registryEvent('resource', 'updated', { ...created }));
      expect((await sut.readResource('x://t')).text).toBe('old');
    });

    it('answers 404 RESOURCE_NO_CONTENT for a template without content', async () => {
      const { sut } = await service();
      await sut.createResource({ uri: 'logs://app', name: 'logs', template: 'logs://app/{date}' });
      expect(await failureOf(() => sut.readResource('logs://app'))).toBe('RESOURCE_NO_CONTENT');
    });

    it('records a metric for every read of a known resource, cached or not', async () => {
      const { sut, record } = await service();
      const { id } = await sut.createResource({ uri: 'x://t', name: 't', content: 'a' });
      await sut.readResource('x://t');
      await sut.readResource('x://t');
      await sut.toggleResource(id, false);
      await failureOf(() => sut.readResource('x://t'));
      await failureOf(() => sut.readResource('x://unknown'));
      expect(record.mock.calls.map(([type, rid, ms, ok]) => [type, rid, typeof ms, ok])).toEqual([
        ['resource', String(id), 'number', true],
        ['resource', String(id), 'number', true],
        ['resource', String(id), 'number', false],
      ]);
    });
  });

  describe(ResourcesService.prototype.updateResource.name, () => {
    it('switches text to binary, clears the text and detects the new type', async () => {
      const { sut, repository } = await service();
      const { id } = await sut.createResource({ uri: 'x://t', name: 't', content: 'abc' });
      const updated = await sut.updateResource('x://t', { blob: PNG });
      expect(updated).toMatchObject({ mimeType: 'image/png', size: 12 });
      expect(repository.rows.get(id)).toMatchObject({ textContent: null, binaryContent: PNG });
    });

    it('keeps a declared type while the content stays text', async () => {
      const { sut } = await service();
      await sut.createResource({ uri: 'x://t', name: 't', content: 'a', mimeType: 'text/markdown' });
      expect((await sut.updateResource('x://t', { content: '{"a":1}' })).mimeType).toBe('text/markdown');
      expect((await sut.updateResource('x://t', { mimeType: null })).mimeType).toBe('application/json');
    });

    it('changes name, description and template, and announces the update', async () => {
      const { sut, published } = await service();
      await sut.createResource({ uri: 'x://t', name: 't', content: 'a', description: 'old' });
      const updated = await sut.updateResource('x://t', {
        name: 'T',
        description: null,
        template: 'x://t/{v}',
      });
      expect(updated).toMatchObject({ name: 'T', description: null, template: 'x://t/{v}', size: 1 });
      expect(published.at(-1)).toMatchObject({ type: 'resource_updated', data: { uri: 'x://t', name: 'T' } });
    });

    it.each([
      ['oversize content', { content: 'x'.repeat(65) }, 'RESOURCE_TOO_LARGE'],
      ['a type not allowed', { mimeType: 'application/x-sh' }, 'RESOURCE_MIME_NOT_ALLOWED'],
      ['content and blob', { content: 'x', blob: 'AAAA' }, 'RESOURCE_INVALID'],
    ] as const)('refuses %s and keeps the resource as it was', async (_what, body, code) => {
      const { sut, repository } = await service();
      const { id } = await sut.createResource({ uri: 'x://t', name: 't', content: 'keep' });
      const before = { ...repository.rows.get(id) };
      expect(await failureOf(() => sut.updateResource('x://t', body))).toBe(code);
      expect(repository.rows.get(id)).toEqual(before);
      expect((await sut.readResource('x://t')).text).toBe('keep');
    });

    it('refuses removing the template of a resource without content', async () => {
      const { sut } = await service();
      await sut.createResource({ uri: 'logs://app', name: 'logs', template: 'logs://app/{date}' });
      expect(await failureOf(() => sut.updateResource('logs://app', { template: null }))).toBe(
        'RESOURCE_INVALID',
      );
    });

    it('answers 404 for an unknown URI', async () => {
      const { sut } = await service();
      expect(await failureOf(() => sut.updateResource('x://nope', { name: 'n' }))).toBe('RESOURCE_NOT_FOUND');
    });
  });

  describe(ResourcesService.prototype.toggleResource.name, () => {
    it('announces a change of state once, and nothing when the state is already as asked', async () => {
      const { sut, published } = await service();
      const { id } = await sut.createResource({ uri: 'x://t', name: 't', content: 'a' });
      await sut.toggleResource(id, false);
      await sut.toggleResource(id, false);
      expect(published.map((e) => e.type)).toEqual(['resource_added', 'resource_deactivated']);
      expect((await sut.listResources()).map((r) => r.id)).toEqual([]);
      expect((await sut.listResources(true)).map((r) => r.isActive)).toEqual([false]);
    });

    it.each([999, 0, -1, 1.5, 2 ** 40])('answers 404 for id %s', async (id) => {
      const { sut } = await service();
      expect(await failureOf(() => sut.toggleResource(id, false))).toBe('RESOURCE_NOT_FOUND');
    });
  });

  describe(ResourcesService.prototype.watchResource.name, () => {
    it('hears the changes to its URI only, until it stops', async () => {
      const { sut } = await service();
      const { id } = await sut.createResource({ uri: 'x://t', name: 't', content: 'a' });
      await sut.createResource({ uri: 'x://other', name: 'o', content: 'o' });
      const heard: GatewayEvent[] = [];
      const stop = sut.watchResource('x://t', (event) => heard.push(event));
      await sut.updateResource('x://t', { content: 'b' });
      await sut.updateResource('x://other', { content: 'p' });
      await sut.toggleResource(id, false);
      stop();
      await sut.toggleResource(id, true);
      expect(heard.map((e) => [e.type, e.data.uri])).toEqual([
        ['resource_updated', 'x://t'],
        ['resource_deactivated', 'x://t'],
      ]);
      expect(heard[0]?.data).toMatchObject({ id, size: 1 });
    });
  });

  describe(ResourcesService.prototype.requireResources.name, () => {
    it('gives the resources in the order asked', async () => {
      const { sut } = await service();
      await sut.createResource({ uri: 'x://1', name: '1', content: 'a' });
      await sut.createResource({ uri: 'x://2', name: '2', content: 'b' });
      expect((await sut.requireResources([2, 1, 2])).map((r) => r.uri)).toEqual(['x://2', 'x://1', 'x://2']);
    });

    it('throws 404 naming every missing id', async () => {
      const { sut } = await service();
      await sut.createResource({ uri: 'x://1', name: '1', content: 'a' });
      const error = await sut.requireResources([1, 7, 2 ** 40]).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RESOURCE_NOT_FOUND', status: 404 });
      expect((error as Error).message).toBe(`Resource not found: 7, ${2 ** 40}`);
    });
  });
});
