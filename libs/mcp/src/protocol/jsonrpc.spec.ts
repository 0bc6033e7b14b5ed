import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { classify, parseBody, preserialized, serializeMessage, serializeMessageChunks } from './jsonrpc.js';
import { negotiateVersion } from './versions.js';

describe(classify.name, () => {
  it('recognises requests, notifications and responses', () => {
    expect(classify({ jsonrpc: '2.0', id: 1, method: 'ping' }).kind).toBe('request');
    expect(classify({ jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x' } }).kind).toBe(
      'request',
    );
    expect(classify({ jsonrpc: '2.0', method: 'notifications/initialized' }).kind).toBe('notification');
    expect(classify({ jsonrpc: '2.0', id: 3, result: {} }).kind).toBe('response');
    expect(classify({ jsonrpc: '2.0', id: 3, error: { code: -1, message: 'x' } }).kind).toBe('response');
  });

  it.each([
    ['a string', 'ping', null],
    ['an array', [], null],
    ['a wrong version', { jsonrpc: '1.0', id: 7, method: 'ping' }, 7],
    ['a numeric method', { jsonrpc: '2.0', id: 8, method: 5 }, 8],
    ['an empty method', { jsonrpc: '2.0', id: 9, method: '' }, 9],
    ['array params', { jsonrpc: '2.0', id: 10, method: 'ping', params: [1] }, 10],
    ['an object id', { jsonrpc: '2.0', id: { x: 1 }, method: 'ping' }, null],
    ['a null id on a request', { jsonrpc: '2.0', id: null, method: 'ping' }, null],
    ['nothing recognisable', { jsonrpc: '2.0', id: 11 }, 11],
  ])('answers %s with Invalid Request, echoing the id when readable', (_what, value, id) => {
    const out = classify(value);
    expect(out.kind).toBe('invalid');
    if (out.kind !== 'invalid') return;
    expect(out.error.error.code).toBe(ErrorCode.InvalidRequest);
    expect(out.error.id).toBe(id);
  });
});

describe(parseBody.name, () => {
  it('parses JSON and answers malformed JSON with -32700 and id null', () => {
    expect(parseBody('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    const bad = parseBody('{"a":');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toMatchObject({ id: null, error: { code: ErrorCode.ParseError } });
  });
});

describe(negotiateVersion.name, () => {
  it('keeps every version the gateway speaks and answers others with the newest', () => {
    for (const v of ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'])
      expect(negotiateVersion(v)).toBe(v);
    expect(negotiateVersion('1999-01-01')).toBe('2025-11-25');
    expect(negotiateVersion(undefined)).toBe('2025-11-25');
  });
});

describe(serializeMessage.name, () => {
  it('writes a preserialized result as the text it keeps, equal to serializing it', () => {
    const page = preserialized({ tools: [{ name: 'a', inputSchema: { type: 'object' } }], nextCursor: 'x' });
    const message = { jsonrpc: '2.0', id: 'r-1', result: page };
    expect(JSON.parse(serializeMessage(message))).toEqual(message);
    expect(serializeMessage(message)).toBe(JSON.stringify(message));
    const joined = (m: unknown) => {
      const chunks = serializeMessageChunks(m);
      expect(Array.isArray(chunks)).toBe(true);
      return Buffer.concat(chunks as Buffer[]).toString('utf8');
    };
    expect(joined(message)).toBe(JSON.stringify(message));
    expect(joined({ ...message, id: 'é' })).toBe(JSON.stringify({ ...message, id: 'é' }));
    // The page's bytes are the shared copy, not a new one per answer.
    const [, bytes] = serializeMessageChunks(message) as Buffer[];
    expect(bytes).toBe((serializeMessageChunks({ ...message, id: 2 }) as Buffer[])[1]);
    expect(serializeMessageChunks({ jsonrpc: '2.0', id: 1, result: {} })).toBe(
      '{"jsonrpc":"2.0","id":1,"result":{}}',
    );
    expect(serializeMessage([message, { jsonrpc: '2.0', id: 2, result: {} }])).toBe(
      JSON.stringify([message, { jsonrpc: '2.0', id: 2, result: {} }]),
    );
  });

  it('keeps a preserialized result readable and frozen (answers share it)', () => {
    const page = preserialized({ tools: [] as unknown[] });
    expect(page.tools).toEqual([]);
    expect(Object.isFrozen(page)).toBe(true);
    expect(Object.keys(page)).toEqual(['tools']);
  });

  it('serializes anything else as JSON.stringify does', () => {
    for (const message of [null, { jsonrpc: '2.0', method: 'x' }, { jsonrpc: '2.0', id: 1, result: null }])
      expect(serializeMessage(message)).toBe(JSON.stringify(message));
  });
});
