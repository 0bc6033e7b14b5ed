import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client.js';
import { useGateway } from './support/gateway-fixture.js';
import { basic, e2eDatabase } from './support/gateway-process.js';

// The gateway under test pages by MCP_LIST_PAGE_SIZE, set to this (the default, 1000, would need thousands of
// items); the tools walk checks that the first page is exactly this long.
const PAGE_SIZE = 100;
// More than one page of each kind; tools reach a third, partial page.
const TOOLS = 2 * PAGE_SIZE + 7;
const RESOURCES = PAGE_SIZE + 3;
const TEMPLATES = PAGE_SIZE + 1;
const PROMPTS = PAGE_SIZE + 5;

const pad = (n: number) => String(n).padStart(3, '0');

/** Registers `count` items over REST, a few at a time (the registries are written one by one anyway). */
async function registerMany(api: ApiClient, path: string, count: number, body: (n: number) => object) {
  for (let start = 0; start < count; start += 8) {
    const batch = Array.from({ length: Math.min(8, count - start) }, (_, i) => start + i);
    const answers = await Promise.all(batch.map((n) => api.post(path, body(n))));
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  }
}

/** Walks a list method through every nextCursor; returns the names in order and how many pages it took. */
async function walk(
  page: (cursor?: string) => Promise<{ names: string[]; nextCursor?: string }>,
): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const answer = await page(cursor);
    pages++;
    expect(answer.names.length).toBeLessThanOrEqual(PAGE_SIZE);
    names.push(...answer.names);
    cursor = answer.nextCursor;
  } while (cursor !== undefined && pages < 100);
  return { names, pages };
}

function expectEachOnce(names: string[], expected: string[]): void {
  expect(new Set(names).size, 'an item came back twice').toBe(names.length);
  expect([...names].sort()).toEqual([...expected].sort());
}

describe(`MCP list pagination over the SDK client (${e2eDatabase()})`, () => {
  const fx = useGateway({ MCP_LIST_PAGE_SIZE: String(PAGE_SIZE) });
  let client: Client;
  const tools = Array.from({ length: TOOLS }, (_, n) => `tool_${pad(n)}`);
  const resources = Array.from({ length: RESOURCES }, (_, n) => `page://resource/${pad(n)}`);
  const templates = Array.from({ length: TEMPLATES }, (_, n) => `page://template/${pad(n)}/{id}`);
  const prompts = Array.from({ length: PROMPTS }, (_, n) => `prompt_${pad(n)}`);

  beforeAll(async () => {
    await registerMany(fx.api, '/tools', TOOLS, (n) => ({ name: tools[n], url: 'http://localhost:1/t' }));
    await registerMany(fx.api, '/resources', RESOURCES, (n) => ({
      uri: resources[n],
      name: `Resource ${n}`,
      content: `r${n}`,
    }));
    await registerMany(fx.api, '/resources', TEMPLATES, (n) => ({
      uri: templates[n],
      name: `Template ${n}`,
      template: templates[n],
    }));
    await registerMany(fx.api, '/prompts', PROMPTS, (n) => ({ name: prompts[n], template: `P${n}` }));

    client = new Client({ name: 'e2e-pages', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${fx.gw.url}/mcp`), {
        requestInit: { headers: { authorization: basic('admin', 'e2e-basic-password') } },
      }),
    );
  }, 180_000);
  afterAll(async () => {
    await client?.close();
  });

  it('walks tools/list page by page, every tool exactly once', async () => {
    const { names, pages } = await walk(async (cursor) => {
      const r = await client.listTools(cursor === undefined ? {} : { cursor });
      return { names: r.tools.map((t) => t.name), nextCursor: r.nextCursor };
    });
    expect((await client.listTools()).tools).toHaveLength(PAGE_SIZE);
    expect(pages).toBe(3);
    expectEachOnce(names, tools);
  });

  it('walks resources/list', async () => {
    const { names, pages } = await walk(async (cursor) => {
      const r = await client.listResources(cursor === undefined ? {} : { cursor });
      return { names: r.resources.map((x) => x.uri), nextCursor: r.nextCursor };
    });
    expect(pages).toBe(2);
    expectEachOnce(names, resources);
  });

  it('walks resources/templates/list', async () => {
    const { names, pages } = await walk(async (cursor) => {
      const r = await client.listResourceTemplates(cursor === undefined ? {} : { cursor });
      return { names: r.resourceTemplates.map((x) => x.uriTemplate), nextCursor: r.nextCursor };
    });
    expect(pages).toBe(2);
    expectEachOnce(names, templates);
  });

  it('walks prompts/list', async () => {
    const { names, pages } = await walk(async (cursor) => {
      const r = await client.listPrompts(cursor === undefined ? {} : { cursor });
      return { names: r.prompts.map((x) => x.name), nextCursor: r.nextCursor };
    });
    expect(pages).toBe(2);
    expectEachOnce(names, prompts);
  });

  it('answers a cursor it did not issue with Invalid Params (-32602) on every list method', async () => {
    const garbage = { cursor: 'not-a-cursor-we-issued' };
    for (const call of [
      () => client.listTools(garbage),
      () => client.listResources(garbage),
      () => client.listResourceTemplates(garbage),
      () => client.listPrompts(garbage),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    }
  });
});
