import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-fixture.js';
import { basic, e2eDatabase, freePort, type Json } from './support/gateway-process.js';

/** The reference MCP server of the protocol's authors, run as its own process over Streamable HTTP. */
async function startEverything(): Promise<{ url: string; child: ChildProcess }> {
  const require = createRequire(import.meta.url);
  const main = join(
    dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
    'dist/index.js',
  );
  const port = await freePort();
  const child = spawn(process.execPath, [main, 'streamableHttp'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server-everything did not start')), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/mcp`, child };
}

describe(`@modelcontextprotocol/server-everything behind the gateway (${e2eDatabase()})`, () => {
  const fx = useGateway();
  let everything: Awaited<ReturnType<typeof startEverything>>;
  let client: Client;

  beforeAll(async () => {
    everything = await startEverything();
    const res = await fx.api.post('/gateways', { name: 'everything', url: everything.url });
    expect(res.status).toBe(201);
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${fx.gw.url}/mcp`), {
        requestInit: { headers: { authorization: basic('admin', 'e2e-basic-password') } },
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    everything?.child.kill();
  });

  it('imports its tools, resources and prompts', async () => {
    const tools = (await fx.api.get('/tools')).body.map((t: Json) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['everything-echo', 'everything-get-sum']));
    expect((await client.listResources()).resources.length).toBeGreaterThan(0);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain('everything-simple-prompt');
  });

  it('calls its tools with text, structured and image results, and long-running progress', async () => {
    const echo = await client.callTool({ name: 'everything-echo', arguments: { message: 'hi' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: hi' }]);
    const weather = await client.callTool({
      name: 'everything-get-structured-content',
      arguments: { location: 'New York' },
    });
    expect(weather.structuredContent).toHaveProperty('temperature');
    const image = await client.callTool({ name: 'everything-get-tiny-image', arguments: {} });
    expect((image.content as { type: string }[]).map((c) => c.type)).toContain('image');
    const progress: number[] = [];
    const long = await client.callTool(
      { name: 'everything-trigger-long-running-operation', arguments: { duration: 1, steps: 2 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(long.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(1);
  });

  it('reads its resources and renders its prompts', async () => {
    const [first] = (await client.listResources()).resources;
    const read = await client.readResource({ uri: first.uri });
    expect(read.contents[0].uri).toBe(first.uri);
    const prompt = await client.getPrompt({ name: 'everything-simple-prompt' });
    expect(prompt.messages.length).toBeGreaterThan(0);
  });
});
