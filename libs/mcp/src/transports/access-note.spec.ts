import { describe, expect, it } from 'vitest';
import { rpcMethods } from './access-note.js';

describe(rpcMethods.name, () => {
  it('names the method of one message', () => {
    expect(rpcMethods({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } })).toBe(
      'tools/call',
    );
  });

  it('lists the methods of a batch, skipping answers', () => {
    expect(
      rpcMethods([
        { jsonrpc: '2.0', id: 1, method: 'initialize' },
        { jsonrpc: '2.0', id: 'gw-1', result: {} },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
      ]),
    ).toBe('initialize,notifications/initialized');
  });

  it('is undefined when nothing carries a method', () => {
    expect(rpcMethods(undefined)).toBeUndefined();
    expect(rpcMethods('text')).toBeUndefined();
    expect(rpcMethods({ jsonrpc: '2.0', id: 1, result: {} })).toBeUndefined();
    expect(rpcMethods([])).toBeUndefined();
  });

  it('bounds what a client can make it write: ten names, 64 characters each', () => {
    expect(rpcMethods({ method: 'm'.repeat(500) })).toBe(`${'m'.repeat(64)}…`);
    const batch = Array.from({ length: 50 }, () => ({ method: 'ping' }));
    expect(rpcMethods(batch)).toBe(`${Array(10).fill('ping').join(',')},…(50 messages)`);
  });
});
