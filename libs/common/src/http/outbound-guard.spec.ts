import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../config/load-config.js';
import { classifyAddress, OutboundGuard, OutboundUrlRefusedError } from './outbound-guard.js';

function guard(env: Record<string, string> = {}): OutboundGuard {
  return new OutboundGuard(loadGatewayConfig(env));
}

const strict = { SSRF_ALLOW_LOCALHOST: 'false', SSRF_ALLOW_PRIVATE_NETWORKS: 'false' };

function refusal(check: () => unknown): OutboundUrlRefusedError {
  try {
    check();
  } catch (error) {
    if (error instanceof OutboundUrlRefusedError) return error;
    throw error;
  }
  throw new Error('expected OutboundUrlRefusedError');
}

describe(classifyAddress.name, () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2001:4860:4860::8888', 'public'],
    ['example.com', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe(OutboundGuard.name, () => {
  describe('checkUrl', () => {
    it('returns the parsed URL of an allowed address', () => {
      expect(guard().checkUrl('https://api.example.com/v1/items/{id}?x=1').hostname).toBe('api.example.com');
      expect(guard(strict).checkUrl('http://93.184.216.34:8080/').port).toBe('8080');
    });

    it('refuses other schemes, credentials in the URL and what is not a URL', () => {
      expect(refusal(() => guard().checkUrl('file:///etc/passwd')).message).toBe(
        'Outbound URL refused: only http and https URLs can be called, not file',
      );
      expect(refusal(() => guard().checkUrl('gopher://h/')).message).toMatch(/not gopher/);
      expect(refusal(() => guard().checkUrl('http://user:secret@api.example.com/')).message).toMatch(
        /credentials/,
      );
      expect(refusal(() => guard().checkUrl('not a url')).message).toMatch(/is not a valid URL/);
    });

    it('answers 422 OUTBOUND_URL_REFUSED', () => {
      expect(refusal(() => guard().checkUrl('ftp://h/'))).toMatchObject({
        code: 'OUTBOUND_URL_REFUSED',
        status: 422,
      });
    });

    it('always refuses link-local (cloud metadata), unspecified, multicast and broadcast, in any spelling', () => {
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://[fe80::1]/',
        'http://[::ffff:169.254.169.254]/',
        'http://0xa9fea9fe/',
        'http://2852039166/',
        'http://0.0.0.0:8080/',
        'http://0/',
        'http://[::]/',
        'http://224.0.0.1/',
        'http://255.255.255.255/',
      ]) {
        expect(refusal(() => guard().checkUrl(url)).message, url).toMatch(/always refused/);
      }
    });

    it('allows loopback and private networks by default, and refuses them when the settings say so', () => {
      for (const url of ['http://127.0.0.1:9/', 'http://[::1]/', 'http://localhost/', 'http://127.1/']) {
        expect(guard().checkUrl(url)).toBeInstanceOf(URL);
        expect(refusal(() => guard(strict).checkUrl(url)).message).toMatch(
          /loopback address; set SSRF_ALLOW_LOCALHOST=true to allow it/,
        );
      }
      for (const url of ['http://10.0.0.1/', 'http://192.168.0.10/', 'http://[fd00::1]/']) {
        expect(guard().checkUrl(url)).toBeInstanceOf(URL);
        expect(refusal(() => guard(strict).checkUrl(url)).message).toMatch(
          /private-network address; set SSRF_ALLOW_PRIVATE_NETWORKS=true to allow it/,
        );
      }
      expect(refusal(() => guard(strict).checkUrl('http://[::ffff:127.0.0.1]/')).message).toMatch(
        /SSRF_ALLOW_LOCALHOST/,
      );
      expect(refusal(() => guard(strict).checkUrl('http://app.localhost./')).message).toMatch(/loopback/);
    });

    it('treats the two settings independently', () => {
      const privateOnly = guard({ SSRF_ALLOW_LOCALHOST: 'false' });
      expect(privateOnly.checkUrl('http://10.0.0.1/')).toBeInstanceOf(URL);
      expect(() => privateOnly.checkUrl('http://127.0.0.1/')).toThrow(OutboundUrlRefusedError);
      const loopbackOnly = guard({ SSRF_ALLOW_PRIVATE_NETWORKS: 'false' });
      expect(loopbackOnly.checkUrl('http://127.0.0.1/')).toBeInstanceOf(URL);
      expect(() => loopbackOnly.checkUrl('http://10.0.0.1/')).toThrow(OutboundUrlRefusedError);
    });
  });

  it('isAllowedAddress follows the same rules', () => {
    expect(guard().isAllowedAddress('127.0.0.1')).toBe(true);
    expect(guard(strict).isAllowedAddress('127.0.0.1')).toBe(false);
    expect(guard().isAllowedAddress('169.254.169.254')).toBe(false);
    expect(guard().isAllowedAddress('::ffff:169.254.169.254')).toBe(false);
    expect(guard(strict).isAllowedAddress('1.1.1.1')).toBe(true);
    expect(guard().isAllowedAddress('not-an-ip')).toBe(false);
  });

  describe('connectOptions', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer((_req, res) => res.end('hello'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    async function get(env: Record<string, string>): Promise<string> {
      const agent = new Agent({ connect: guard(env).connectOptions() });
      try {
        const { body } = await agent.request({
          origin: `http://localhost:${port}`,
          path: '/',
          method: 'GET',
        });
        return await body.text();
      } finally {
        await agent.close();
      }
    }

    it('verifies TLS unless SKIP_SSL_VERIFY', () => {
      expect(guard().connectOptions()).toMatchObject({ rejectUnauthorized: true });
      expect(guard({ SKIP_SSL_VERIFY: 'true' }).connectOptions()).toMatchObject({
        rejectUnauthorized: false,
      });
    });

    it('connects to a name that resolves to an allowed address', async () => {
      await expect(get({})).resolves.toBe('hello');
    });

    it('refuses a name whose addresses are all refused, after DNS (no rebinding past checkUrl)', async () => {
      const error = await get(strict).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutboundUrlRefusedError);
      expect((error as Error).message).toMatch(
        /^Outbound connection refused: localhost resolves only to refused addresses: .* is a loopback address; set SSRF_ALLOW_LOCALHOST=true/,
      );
    });

    it('answers both lookup forms (one address, or all of them)', async () => {
      const { lookup } = guard().connectOptions() as { lookup: import('node:net').LookupFunction };
      const one = await new Promise<unknown[]>((resolve) =>
        lookup('localhost', { family: 4 }, (...args) => resolve(args)),
      );
      expect(one).toEqual([null, '127.0.0.1', 4]);
      const all = await new Promise<unknown[]>((resolve) =>
        lookup('localhost', { family: 4, all: true }, (...args) => resolve(args)),
      );
      expect(all).toEqual([null, [{ address: '127.0.0.1', family: 4 }]]);
    });
  });
});
