import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function splitter(limit = 16): { sut: LineSplitter; lines: string[]; tooLong: () => number } {
  const lines: string[] = [];
  let tooLong = 0;
  const sut = new LineSplitter(
    limit,
    (line) => lines.push(line),
    () => tooLong++,
  );
  return { sut, lines, tooLong: () => tooLong };
}

describe(LineSplitter.name, () => {
  it('cuts chunks at newlines, whatever the chunk boundaries', () => {
    const { sut, lines } = splitter();
    sut.push(Buffer.from('{"a":1}\n{"b"'));
    sut.push(Buffer.from(':2}\n'));
    sut.push(Buffer.from('{"c":3}\n{"d":4}\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}']);
  });

  it('keeps a multi-byte character that is split across two chunks', () => {
    const { sut, lines } = splitter();
    const bytes = Buffer.from('"São"\n');
    sut.push(bytes.subarray(0, 3));
    sut.push(bytes.subarray(3));
    expect(lines).toEqual(['"São"']);
  });

  it('drops a carriage return before the newline and skips blank lines', () => {
    const { sut, lines } = splitter();
    sut.push(Buffer.from('1\r\n\n  \r\n2\n'));
    expect(lines).toEqual(['1', '2']);
  });

  it('reports a line longer than the limit once, drops it to its newline and goes on', () => {
    const { sut, lines, tooLong } = splitter(8);
    sut.push(Buffer.from('12345678\n'));
    sut.push(Buffer.from('123456'));
    sut.push(Buffer.from('789'));
    sut.push(Buffer.from('0123456789'));
    sut.push(Buffer.from('xx\nok\n'));
    expect(tooLong()).toBe(1);
    expect(lines).toEqual(['12345678', 'ok']);
  });

  it('reports a too-long line that arrives in a single chunk', () => {
    const { sut, lines, tooLong } = splitter(4);
    sut.push(Buffer.from('123456789\n1\n'));
    expect(tooLong()).toBe(1);
    expect(lines).toEqual(['1']);
  });

  it('takes a last line without its newline when the input ends', () => {
    const { sut, lines } = splitter();
    sut.push(Buffer.from('1\n2'));
    sut.end();
    expect(lines).toEqual(['1', '2']);
  });
});
