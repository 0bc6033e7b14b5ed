import { describe, expect, it } from 'vitest';
import { PostExchange } from './post-exchange.js';

const raw = (headers: [string, string][]) => headers.flatMap(([k, v]) => [Buffer.from(k), Buffer.from(v)]);

describe(PostExchange.name, () => {
  it('hands on each message event of an SSE answer as it streams, split anywhere, multi-byte text intact', async () => {
    const events: string[] = [];
    const exchange = new PostExchange((data) => events.push(data));
    exchange.onConnect(() => undefined);
    exchange.onHeaders(
      200,
      raw([
        ['Content-Type', 'text/event-stream; charset=utf-8'],
        ['Mcp-Session-Id', 's-1'],
      ]),
    );
    const body = Buffer.from(
      'event: message\ndata: {"a":"é"}\n\n: comment\n\nevent: other\ndata: x\n\ndata: {"b":2}\n\n',
    );
    const cut = body.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    exchange.onData(body.subarray(0, cut));
    expect(events).toEqual([]);
    exchange.onData(body.subarray(cut));
    exchange.onComplete();
    const outcome = await exchange.done;
    expect(events).toEqual(['{"a":"é"}', '{"b":2}']);
    expect(outcome).toMatchObject({ status: 200, type: 'text/event-stream', sessionId: 's-1', text: '' });
  });

  it('keeps a JSON answer or an HTTP failure as text, with Retry-After', async () => {
    const exchange = new PostExchange(() => undefined);
    exchange.onConnect(() => undefined);
    exchange.onHeaders(
      503,
      raw([
        ['content-type', 'application/json'],
        ['Retry-After', '2'],
      ]),
    );
    const text = Buffer.from('{"error":"busy ü"}');
    exchange.onData(text.subarray(0, 15));
    exchange.onData(text.subarray(15));
    exchange.onComplete();
    await expect(exchange.done).resolves.toMatchObject({
      status: 503,
      type: 'application/json',
      retryAfter: '2',
      text: '{"error":"busy ü"}',
    });
  });

  it('fails when nothing was answered, and ends with readError when the body broke off', async () => {
    const refused = new PostExchange(() => undefined);
    refused.onError(new Error('ECONNREFUSED'));
    await expect(refused.done).rejects.toThrow('ECONNREFUSED');

    const broken = new PostExchange(() => undefined);
    broken.onHeaders(200, raw([['content-type', 'text/event-stream']]));
    broken.onError(new Error('socket hang up'));
    await expect(broken.done).resolves.toMatchObject({ status: 200, readError: expect.any(Error) });
  });

  it('is aborted by a call, before or after undici connects it', () => {
    const reason = new Error('cancelled');
    const early = new PostExchange(() => undefined);
    early.abort(reason);
    let seen: Error | undefined;
    early.onConnect((error) => (seen = error));
    expect(seen).toBe(reason);

    const late = new PostExchange(() => undefined);
    late.onConnect((error) => (seen = error));
    seen = undefined;
    late.abort(reason);
    expect(seen).toBe(reason);
  });
});
