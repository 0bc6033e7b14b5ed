import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { CacheBackend, GatewayLogger, loadGatewayConfig } from '@app/common';
import { EventBus } from '@app/events';
import type { MetricsRecorder } from '@app/metrics';
import { ResourcesController } from './resources.controller.js';
import { ResourcesService } from './resources.service.js';
import { InMemoryResourcesRepository } from './test/in-memory-resources.repository.js';

async function controller(env: Record<string, string> = {}) {
  const config = loadGatewayConfig({ LOG_LEVEL: 'ERROR', SSE_RETRY_TIMEOUT: '777', ...env });
  const events = new EventBus(await CacheBackend.open(config), new GatewayLogger(config), config);
  const metrics = { record: vi.fn() } as unknown as MetricsRecorder;
  const service = new ResourcesService(new InMemoryResourcesRepository(), config, events, metrics);
  return { sut: new ResourcesController(service, config), service };
}

/** Just enough of an Express request: the raw URL, a socket, and the `close` event. */
function request(originalUrl: string, socketDestroyed = false): Request {
  const req = new EventEmitter() as unknown as Request & { socket: { destroyed: boolean } };
  Object.assign(req, {
    originalUrl,
    path: originalUrl.split('?')[0],
    socket: { destroyed: socketDestroyed },
  });
  return req;
}

/** Just enough of an Express response to carry an SSE stream; records what was written. */
function response() {
  const written: string[] = [];
  const res = {
    statusCode: 0,
    ended: false,
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    setHeader: () => undefined,
    flushHeaders: () => undefined,
    write(chunk: string) {
      written.push(chunk);
      return true;
    },
    end() {
      res.ended = true;
    },
  };
  return { res: res as unknown as Response, written, state: res };
}

describe(ResourcesController.name, () => {
  describe(ResourcesController.prototype.readResource.name, () => {
    it.each([
      ['the URI as the rest of the path', '/resources/config://app/settings'],
      ['the URI percent-encoded', '/resources/config%3A%2F%2Fapp%2Fsettings'],
      ['a query string after the URI', '/resources/config://app/settings?x=1'],
    ])('reads %s', async (_what, url) => {
      const { sut, service } = await controller();
      await service.createResource({ uri: 'config://app/settings', name: 's', content: 'key=value' });
      expect((await sut.readResource(request(url))).text).toBe('key=value');
    });

    it('reads the URI after APP_ROOT_PATH', async () => {
      const { sut, service } = await controller({ APP_ROOT_PATH: '/gw' });
      await service.createResource({ uri: 'config://a', name: 'a', content: 'rooted' });
      expect((await sut.readResource(request('/gw/resources/config://a'))).text).toBe('rooted');
    });
  });

  describe(ResourcesController.prototype.subscribeResource.name, () => {
    it('streams changes of its resource and stops listening when the client goes away', async () => {
      const { sut, service } = await controller();
      await service.createResource({ uri: 'config://w', name: 'w', content: 'v1' });
      const req = request('/resources/subscribe/config://w');
      const { res, written, state } = response();
      const stopped = vi.fn();
      const watch = service.watchResource.bind(service);
      vi.spyOn(service, 'watchResource').mockImplementation((uri, listener) => {
        const stop = watch(uri, listener);
        return () => {
          stopped();
          stop();
        };
      });

      await sut.subscribeResource(req, res);
      expect(state.statusCode).toBe(200);
      expect(written).toEqual(['retry: 777\n\n']);

      await service.updateResource('config://w', { content: 'v2' });
      expect(written).toHaveLength(2);
      expect(written[1]).toMatch(/^event: resource_updated\ndata: \{.*"uri":"config:\/\/w"/);

      expect(stopped).not.toHaveBeenCalled();
      req.emit('close');
      expect(stopped).toHaveBeenCalledOnce();
      expect(state.ended).toBe(true);
      await service.updateResource('config://w', { content: 'v3' });
      expect(written).toHaveLength(2);
    });

    it('does not take the subscribe path for part of the URI', async () => {
      const { sut, service } = await controller();
      await service.createResource({ uri: 'config://w', name: 'w', content: 'v1' });
      const watch = vi.spyOn(service, 'watchResource');
      await sut.subscribeResource(request('/resources/subscribe/config://w'), response().res);
      expect(watch).toHaveBeenCalledWith('config://w', expect.any(Function));
    });

    it('answers 404 before opening a stream for an unknown resource', async () => {
      const { sut } = await controller();
      const { res, written, state } = response();
      await expect(
        sut.subscribeResource(request('/resources/subscribe/config://nope'), res),
      ).rejects.toMatchObject({
        code: 'RESOURCE_NOT_FOUND',
        status: 404,
      });
      expect(state.statusCode).toBe(0);
      expect(written).toEqual([]);
    });

    it('opens nothing when the client left during the lookup', async () => {
      const { sut, service } = await controller();
      await service.createResource({ uri: 'config://w', name: 'w', content: 'v1' });
      const watch = vi.spyOn(service, 'watchResource');
      const { res, written } = response();
      await sut.subscribeResource(request('/resources/subscribe/config://w', true), res);
      expect(watch).not.toHaveBeenCalled();
      expect(written).toEqual([]);
    });
  });
});
