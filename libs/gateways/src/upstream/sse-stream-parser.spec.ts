import { describe, expect, it } from 'vitest';
import { SseStreamParser, type SseEvent } from './sse-stream-parser.js';

/** Feeds `text` cut at each of `cuts` (byte offsets) and returns what was dispatched. */
function parse(text: string | Buffer, cuts: number[] = []): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseStreamParser((event) => events.push(event));
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    parser.feed(bytes.subarray(at, cut));
    at = cut;
  }
  parser.end();
  return events;
}

describe(SseStreamParser.name, () => {
  it('dispatches each event on its blank line, with its type when named', () => {
    expect(
      parse('event: message\ndata: {"a":1}\n\ndata: plain\n\nevent: endpoint\ndata: /m?s=1\n\n'),
    ).toEqual([
      { event: 'message', data: '{"a":1}' },
      { data: 'plain' },
      { event: 'endpoint', data: '/m?s=1' },
    ]);
  });

  it('joins data lines with LF, and takes a value with or without the space after the colon', () => {
    expect(parse('data:one\ndata: two\ndata:  three\n\n')).toEqual([{ data: 'one\ntwo\n three' }]);
  });

  it('accepts LF, CRLF and CR line ends, also when a CRLF is split between chunks', () => {
    const text = 'data: a\r\n\r\ndata: b\r\rdata: c\n\n';
    expect(parse(text)).toEqual([{ data: 'a' }, { data: 'b' }, { data: 'c' }]);
    for (let cut = 1; cut < text.length; cut++)
      expect(parse(text, [cut]), `cut at ${cut}`).toEqual([{ data: 'a' }, { data: 'b' }, { data: 'c' }]);
  });

  it('keeps a multi-byte character that a chunk boundary splits', () => {
    const bytes = Buffer.from('data: {"a":"é€😀"}\n\n');
    for (let cut = 1; cut < bytes.length; cut++)
      expect(parse(bytes, [cut]), `cut at ${cut}`).toEqual([{ data: '{"a":"é€😀"}' }]);
    expect(parse(bytes, [...Array(bytes.length).keys()].slice(1))).toEqual([{ data: '{"a":"é€😀"}' }]);
  });

  it('skips comments, unknown fields, id and retry; a line without a colon is a field with no value', () => {
    expect(parse(': keep-alive\n\nretry: 3000\nid: 7\nfoo: bar\ndata\n\n')).toEqual([{ data: '' }]);
  });

  it('dispatches nothing for an event without data, nor for a last event without its blank line', () => {
    expect(parse('event: ping\n\ndata: cut off')).toEqual([]);
    expect(parse('data: cut off\n')).toEqual([]);
  });

  it('drops a UTF-8 byte order mark at the start of the stream, even split', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('data: x\n\n')]);
    expect(parse(bytes)).toEqual([{ data: 'x' }]);
    expect(parse(bytes, [1, 2])).toEqual([{ data: 'x' }]);
  });

  it('an empty event type counts as none', () => {
    expect(parse('event:\ndata: x\n\n')).toEqual([{ data: 'x' }]);
  });
});
