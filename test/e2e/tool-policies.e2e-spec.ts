import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-fixture.js';
import { basic, e2eDatabase } from './support/gateway-process.js';

const TOOL_TIMEOUT_S = 2;

/**
 * The upstream REST API: it counts requests per path, answers 503 twice before a 200 on /flaky, holds /hold
 * requests open until the test releases them, and never answers /slow in time.
 */
function startApi() {
  const hits = new Map<string, number>();
  const held: ServerResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let onHeld: (() => void) | undefined;
  const json = (res: ServerResponse, status: number, value: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    req.resume();
    switch (path) {
      case '/flaky':
        if (count <= 2) return json(res, 503, { error: 'warming up' });
        return json(res, 200, { ok: true, attempt: count });
      case '/bad-request':
        return json(res, 400, { error: 'no such city' });
      case '/slow': {
        const timer = setTimeout(() => json(res, 200, { late: true }), 10_000);
        timers.add(timer);
        return;
      }
      case '/hold':
        held.push(res);
        onHeld?.();
        return;
      case '/ok':
        return json(res, 200, { ok: true });
      case '/weather':
        return json(res, 200, {
          data: {
            city: 'Oslo',
            total: 2,
            days: [
              { day: 'mon', high: 20 },
              { day: 'tue', high: 25 },
            ],
          },
        });
      case '/temperature':
        return json(res, 200, { temperature: 21, units: 'C' });
      case '/temperature-as-text':
        return json(res, 200, { temperature: 'hot', units: 'C' });
      default:
        res.writeHead(404).end();
    }
  });

  return new Promise<{
    server: Server;
    url: string;
    hits: Map<string, number>;
    /** Resolves once `n` requests are held open. */
    heldCount: (n: number) => Promise<void>;
    release: () => void;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        hits,
        heldCount: (n) =>
          new Promise<void>((done) => {
            const check = () => {
              if (held.length >= n) done();
            };
            onHeld = check;
            check();
          }),
        release: () => {
          for (const res of held.splice(0)) json(res, 200, { released: true });
        },
        close: async () => {
          for (const timer of timers) clearTimeout(timer);
          server.closeAllConnections();
          await new Promise((done) => server.close(done));
        },
      }),
    ),
  );
}

const temperatureSchema = {
  type: 'object',
  properties: { temperature: { type: 'number' }, units: { type: 'string' } },
  required: ['temperature'],
};

/** REST tools on the test API, one per policy so that the per-tool limits of one test do not touch another. */
function toolDefinitions(api: string): Array<Record<string, unknown>> {
  const rest = (name: string, path: string, extra: Record<string, unknown> = {}) => ({
    name,
    url: `${api}${path}`,
    integration_type: 'REST',
    request_type: 'GET',
    ...extra,
  });
  return [
    rest('flaky', '/flaky'),
    rest('bad_request', '/bad-request'),
    rest('slow', '/slow'),
    rest('hold', '/hold'),
    rest('rated', '/ok'),
    rest('days_highs', '/weather', { jsonpath_filter: '$.data.days[*].high' }),
    rest('day_count', '/weather', { jsonpath_filter: '$.data.total' }),
    rest('city_block', '/weather', { jsonpath_filter: '$.data' }),
    rest('no_match', '/weather', { jsonpath_filter: '$.data.nothing' }),
    rest('temperature', '/temperature', { output_schema: temperatureSchema }),
    rest('temperature_text', '/temperature-as-text', { output_schema: temperatureSchema }),
  ];
}

describe(`tool policies on REST tools (${e2eDatabase()})`, () => {
  const fx = useGateway({
    MAX_TOOL_RETRIES: '2',
    TOOL_TIMEOUT: String(TOOL_TIMEOUT_S),
    TOOL_CONCURRENT_LIMIT: '2',
    TOOL_RATE_LIMIT: '3',
  });
  let api: Awaited<ReturnType<typeof startApi>>;
  let client: Client;

  beforeAll(async () => {
    api = await startApi();
    const ids: string[] = [];
    for (const definition of toolDefinitions(api.url)) {
      const res = await fx.api.post('/tools', definition);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id as string);
    }
    const server = await fx.api.post('/servers', { name: 'policies', associatedTools: ids });
    client = new Client({ name: 'e2e-policies', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${fx.gw.url}/servers/${server.body.id}/mcp`), {
        requestInit: { headers: { authorization: basic('admin', 'e2e-basic-password') } },
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await api?.close();
  });

  const call = (name: string) => client.callTool({ name, arguments: {} });
  const text = (result: Awaited<ReturnType<typeof call>>) =>
    (result.content as Array<{ type: string; text?: string }>).map((b) => b.text ?? '').join('\n');

  it('MAX_TOOL_RETRIES: retries a 503 until the API answers, in one call', async () => {
    const result = await call('flaky');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ ok: true, attempt: 3 });
    expect(api.hits.get('/flaky')).toBe(3);
  });

  it('MAX_TOOL_RETRIES: does not retry an answer the tool gave, such as a 400', async () => {
    const result = await call('bad_request');
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('HTTP 400');
    expect(api.hits.get('/bad-request')).toBe(1);
  });

  it('TOOL_TIMEOUT: answers isError about the timeout after about TOOL_TIMEOUT seconds', async () => {
    const started = performance.now();
    const result = await call('slow');
    const elapsed = (performance.now() - started) / 1000;
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(`Tool slow timed out after ${TOOL_TIMEOUT_S} s`);
    expect(elapsed).toBeGreaterThanOrEqual(TOOL_TIMEOUT_S - 0.1);
    expect(elapsed).toBeLessThan(TOOL_TIMEOUT_S + 1.5);
    // Timed-out attempts are not retried: the upstream may still be working on the first.
    expect(api.hits.get('/slow')).toBe(1);
  });

  it('TOOL_CONCURRENT_LIMIT: refuses a third call in flight at once, and the two others finish', async () => {
    const first = call('hold');
    const second = call('hold');
    await api.heldCount(2);
    const started = performance.now();
    const third = await call('hold');
    expect(performance.now() - started).toBeLessThan(500);
    expect(third.isError).toBe(true);
    expect(text(third)).toMatch(/^Tool hold already has 2 calls in flight \(TOOL_CONCURRENT_LIMIT\)/);
    expect(api.hits.get('/hold')).toBe(2);
    api.release();
    for (const result of await Promise.all([first, second])) {
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ released: true });
    }
  });

  it('TOOL_RATE_LIMIT: refuses the fourth call of a tool within the minute', async () => {
    for (let i = 0; i < 3; i++) expect((await call('rated')).isError).toBeFalsy();
    const fourth = await call('rated');
    expect(fourth.isError).toBe(true);
    expect(text(fourth)).toMatch(
      /^Tool rated was called 3 times in the last minute \(TOOL_RATE_LIMIT\); try again in \d+ s$/,
    );
    expect(api.hits.get('/ok')).toBe(3);
  });

  it('jsonpath_filter: replaces the result with what the filter selects', async () => {
    const highs = await call('days_highs');
    expect(highs.isError).toBeFalsy();
    expect(highs.structuredContent).toEqual({ result: [20, 25] });
    expect(text(highs)).toBe('[20,25]');

    const total = await call('day_count');
    expect(total.structuredContent).toEqual({ result: 2 });
    expect(text(total)).toBe('2');

    const block = await call('city_block');
    expect(block.structuredContent).toMatchObject({ city: 'Oslo', total: 2 });
  });

  it('jsonpath_filter: a filter that matches nothing is an isError result naming it', async () => {
    const result = await call('no_match');
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'Tool no_match: its jsonpath_filter "$.data.nothing" failed: it matched nothing in the result',
    );
  });

  it('outputSchema: a conforming result passes, one that does not is an isError result naming the problem', async () => {
    const good = await call('temperature');
    expect(good.isError).toBeFalsy();
    expect(good.structuredContent).toEqual({ temperature: 21, units: 'C' });

    const bad = await call('temperature_text');
    expect(bad.isError).toBe(true);
    expect(text(bad)).toBe(
      'Tool temperature_text: the result does not match its outputSchema: /temperature: must be number',
    );
  });

  it('counts the refused and failed calls as failures in /metrics', async () => {
    const metrics = (await fx.api.get('/metrics')).body;
    expect(metrics.tools.failedExecutions).toBeGreaterThanOrEqual(4);
  });
});
