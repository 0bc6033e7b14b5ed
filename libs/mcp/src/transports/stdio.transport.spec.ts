import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GatewayLogger, loadGatewayConfig } from '@app/common';
import type { McpDispatcher } from '../dispatch/mcp-dispatcher.js';
import { MessageProcessor } from '../dispatch/message-processor.js';
import { resultResponse, type JsonRpcRequest } from '../protocol/jsonrpc.js';
import { SessionRegistry } from '../session/session-registry.js';
import { StdioTransport } from './stdio.transport.js';

/** A dispatcher that answers every request with its method name, and remembers notifications. */
function echoDispatcher(notifications: string[]): McpDispatcher {
  return {
    handleRequest: (_session: unknown, request: JsonRpcRequest) =>
      Promise.resolve(resultResponse(request.id, { echo: request.method })),
    handleNotification: (_session: unknown, notification: { method: string }) =>
      void notifications.push(notification.method),
  } as unknown as McpDispatcher;
}

function setup(env: Record<string, string> = {}) {
  const config = loadGatewayConfig({ MAX_REQUEST_SIZE: '1024', ...env });
  const logger = new GatewayLogger(config, { write: () => undefined });
  const sessions = new SessionRegistry();
  const notifications: string[] = [];
  const sut = new StdioTransport(
    sessions,
    new MessageProcessor(echoDispatcher(notifications)),
    config,
    logger,
  );
  const input = new PassThrough();
  const output = new PassThrough();
  const received: unknown[] = [];
  let pending = '';
  output.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) received.push(JSON.parse(line));
  });
  const ended = sut.serve(input, output);
  const next = async (count: number) => {
    for (let i = 0; i < 100 && received.length < count; i++) await new Promise((r) => setTimeout(r, 5));
    return received.slice(0, count);
  };
  return { sut, sessions, input, output, received, ended, next, notifications };
}

describe(StdioTransport.name, () => {
  it('answers each request line with one JSON line on the output', async () => {
    const { input, next } = setup();
    input.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    input.write('{"jsonrpc":"2.0","id":2,"method":"tools/list"}\r\n');
    expect(await next(2)).toEqual(
      expect.arrayContaining([
        { jsonrpc: '2.0', id: 1, result: { echo: 'ping' } },
        { jsonrpc: '2.0', id: 2, result: { echo: 'tools/list' } },
      ]),
    );
  });

  it('answers a batch with an array, and passes notifications on without answering', async () => {
    const { input, next, received, notifications } = setup();
    input.write(
      '[{"jsonrpc":"2.0","id":1,"method":"a/b"},{"jsonrpc":"2.0","method":"notifications/initialized"}]\n',
    );
    expect(await next(1)).toEqual([[{ jsonrpc: '2.0', id: 1, result: { echo: 'a/b' } }]]);
    input.write('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9}}\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(received).toHaveLength(1);
    expect(notifications).toEqual(['notifications/initialized', 'notifications/cancelled']);
  });

  it('answers a line that is not JSON with -32700 and keeps the session', async () => {
    const { input, next } = setup();
    input.write('this is not json\n');
    input.write('{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    const [parseError, answer] = await next(2);
    expect(parseError).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(answer).toEqual({ jsonrpc: '2.0', id: 3, result: { echo: 'ping' } });
  });

  it('refuses and discards a line longer than MAX_REQUEST_SIZE, then goes on', async () => {
    const { input, next } = setup();
    input.write(`{"jsonrpc":"2.0","id":4,"method":"ping","params":{"pad":"${'x'.repeat(600)}`);
    input.write(`${'y'.repeat(600)}"}}\n`);
    input.write('{"jsonrpc":"2.0","id":5,"method":"ping"}\n');
    const [tooLarge, answer] = await next(2);
    expect(tooLarge).toMatchObject({ id: null, error: { code: -32600, message: /at most 1024 bytes/ } });
    expect(answer).toEqual({ jsonrpc: '2.0', id: 5, result: { echo: 'ping' } });
  });

  it('writes server-initiated messages to the output', async () => {
    const { sessions, next } = setup();
    const [session] = [...sessions.all()];
    expect(session.serverId).toBeNull();
    session.notify('notifications/tools/list_changed');
    expect(await next(1)).toEqual([{ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }]);
  });

  it('ends the session when the input closes, and says the client ended it', async () => {
    const { input, sessions, ended } = setup();
    const [session] = [...sessions.all()];
    input.end();
    await expect(ended).resolves.toBe('client');
    expect(session.closed).toBe(true);
    expect(sessions.size).toBe(0);
  });

  it('ends the session on shutdown, and serves one session at a time', async () => {
    const { sut, ended } = setup();
    await expect(sut.serve(new PassThrough(), new PassThrough())).rejects.toThrow(/already/);
    sut.onApplicationShutdown();
    await expect(ended).resolves.toBe('shutdown');
  });

  it('runs as the administrator when authentication is on, as anonymous when it is off', () => {
    expect([...setup().sessions.all()][0].principal.username).toBe('admin');
    expect([...setup({ AUTH_REQUIRED: 'false' }).sessions.all()][0].principal.username).toBe('anonymous');
  });
});
