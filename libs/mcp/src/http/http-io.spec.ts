import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { preserialized } from '../protocol/jsonrpc.js';
import { sendJson } from './http-io.js';

describe(sendJson.name, () => {
  let server: Server | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A server that answers every request with the body `answer` gives it, over one keep-alive connection. */
  async function serve(answer: (n: number) => unknown): Promise<(n: number) => Promise<[number, string]>> {
    server = createServer((req, res) => {
      const n = Number(req.url?.slice(1));
      req.resume();
      sendJson(res, 200, answer(n), { 'x-n': String(n) });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    agent = new Agent({ connections: 1 });
    return async (n) => {
      const res = await request(`http://127.0.0.1:${port}/${n}`, { dispatcher: agent });
      const text = await res.body.text();
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(text));
      expect(res.headers['x-n']).toBe(String(n));
      return [res.statusCode, text];
    };
  }

  it('writes a shared page between its head and end, with the length of the whole, answer after answer', async () => {
    const page = preserialized({ tools: [{ name: 'é', description: 'x'.repeat(200_000) }] });
    const get = await serve((n) => ({ jsonrpc: '2.0', id: `r-${n}`, result: page }));
    for (const n of [1, 2, 3]) {
      const [status, text] = await get(n);
      expect(status).toBe(200);
      expect(JSON.parse(text)).toEqual({ jsonrpc: '2.0', id: `r-${n}`, result: page });
    }
  });

  it('writes any other message as its JSON', async () => {
    const get = await serve((n) => ({ jsonrpc: '2.0', id: n, result: { text: 'ü' } }));
    expect(await get(7)).toEqual([200, '{"jsonrpc":"2.0","id":7,"result":{"text":"ü"}}']);
  });
});
