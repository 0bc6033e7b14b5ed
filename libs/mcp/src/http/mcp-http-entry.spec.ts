import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '@app/common';
import { McpHttpEntry } from './mcp-http-entry.js';

function sut(env: Record<string, string> = {}): McpHttpEntry {
  // Routing reads only the configuration; the collaborators are never touched.
  const none = {} as never;
  return new McpHttpEntry(loadGatewayConfig(env), none, none, none, none, none, none, none);
}

describe(McpHttpEntry.name, () => {
  it('routes the catalogue and per-server MCP paths, and leaves everything else to Nest', () => {
    const entry = sut();
    expect(entry.route('/mcp')).toEqual({ kind: 'mcp', scope: null, base: '' });
    expect(entry.route('/mcp/?x=1')).toMatchObject({ kind: 'mcp' });
    expect(entry.route('/sse')).toMatchObject({ kind: 'sse', scope: null });
    expect(entry.route('/message?session_id=abc')).toMatchObject({ kind: 'message' });
    expect(entry.route('/ws')).toMatchObject({ kind: 'ws' });
    expect(entry.route('/rpc')).toMatchObject({ kind: 'rpc' });
    expect(entry.route('/servers/0f3c9b6e2a1d4e5f/mcp')).toEqual({
      kind: 'mcp',
      scope: '0f3c9b6e2a1d4e5f',
      base: '/servers/0f3c9b6e2a1d4e5f',
    });
    expect(entry.route('/servers/abc/sse')).toMatchObject({ kind: 'sse', scope: 'abc' });
    for (const path of [
      '/',
      '/tools',
      '/servers/abc',
      '/servers/abc/tools',
      '/mcpx',
      '/servers/a/b/mcp',
      '/servers/../mcp',
    ]) {
      expect(entry.route(path)).toBeUndefined();
    }
  });

  it('serves MCP only under APP_ROOT_PATH when one is set', () => {
    const entry = sut({ APP_ROOT_PATH: '/gw' });
    expect(entry.route('/gw/mcp')).toMatchObject({ kind: 'mcp' });
    expect(entry.route('/mcp')).toBeUndefined();
    expect(entry.route('/gwmcp')).toBeUndefined();
  });

  it('turns transports off by TRANSPORT_TYPE', () => {
    const httpOnly = sut({ TRANSPORT_TYPE: 'http' });
    expect(httpOnly.route('/mcp')).toBeDefined();
    expect(httpOnly.route('/sse')).toBeUndefined();
    expect(httpOnly.route('/servers/a/ws')).toBeUndefined();
    const sseOnly = sut({ TRANSPORT_TYPE: 'sse' });
    expect(sseOnly.route('/mcp')).toBeUndefined();
    expect(sseOnly.route('/servers/a/message')).toBeDefined();
  });
});
