/** One dispatched Server-Sent Event: its type (undefined when the stream named none) and its data. */
export interface SseEvent {
  event?: string;
  data: string;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A `text/event-stream` parser (the WHATWG rules: LF, CR or CRLF line ends, `:` comments, `data` lines joined
 * by LF, `event` naming the type, a blank line dispatching) that works on the bytes as they arrive. Every line
 * end is ASCII, so a line is decoded only once it is whole and a character split between chunks stays intact
 * without a TextDecoder; nothing but the unfinished tail of a chunk is kept between feeds. `id` and `retry`
 * are read past: the gateway neither reconnects an answer stream nor resumes one. Written for the upstream
 * call path, where a per-answer decoder and parser closures showed up as several percent of the gateway's CPU.
 */
export class SseStreamParser {
  private tail?: Buffer;
  private data?: string;
  private type?: string;
  /** The last chunk ended on CR: an LF at the start of the next one belongs to the same line end. */
  private afterCr = false;
  private started = false;

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  feed(chunk: Buffer): void {
    let buf = chunk;
    if (this.tail) {
      buf = Buffer.concat([this.tail, chunk]);
      this.tail = undefined;
    }
    let at = 0;
    if (!this.started) {
      if (buf.length < BOM.length && BOM.subarray(0, buf.length).equals(buf)) {
        this.tail = buf;
        return;
      }
      this.started = true;
      if (buf.subarray(0, BOM.length).equals(BOM)) at = BOM.length;
    }
    if (this.afterCr) {
      this.afterCr = false;
      if (at < buf.length && buf[at] === LF) at++;
    }
    const end = buf.length;
    // A stream without CR (the usual case) is searched for one only once per chunk.
    let nextCr = buf.indexOf(CR, at);
    while (at < end) {
      const lf = buf.indexOf(LF, at);
      if (nextCr !== -1 && nextCr < at) nextCr = buf.indexOf(CR, at);
      let lineEnd: number;
      let next: number;
      if (nextCr !== -1 && (lf === -1 || nextCr < lf)) {
        lineEnd = nextCr;
        if (nextCr + 1 < end) next = buf[nextCr + 1] === LF ? nextCr + 2 : nextCr + 1;
        else {
          next = end;
          this.afterCr = true;
        }
      } else if (lf !== -1) {
        lineEnd = lf;
        next = lf + 1;
      } else {
        this.tail = Buffer.from(buf.subarray(at));
        return;
      }
      this.line(buf, at, lineEnd);
      at = next;
    }
  }

  /** The stream ended: a last event without its blank line is not dispatched (as the standard says). */
  end(): void {
    this.tail = undefined;
    this.data = undefined;
    this.type = undefined;
  }

  private line(buf: Buffer, start: number, end: number): void {
    if (start === end) {
      const data = this.data;
      const type = this.type;
      this.data = undefined;
      this.type = undefined;
      if (data !== undefined) this.onEvent(type === undefined ? { data } : { event: type, data });
      return;
    }
    if (buf[start] === COLON) return;
    let colon = buf.indexOf(COLON, start);
    if (colon === -1 || colon > end) colon = end;
    let valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && buf[valueStart] === SPACE) valueStart++;
    const fieldLength = colon - start;
    if (fieldLength === 4 && buf[start] === 0x64 && buf.toString('latin1', start, colon) === 'data') {
      const value = buf.toString('utf8', valueStart, end);
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    } else if (fieldLength === 5 && buf.toString('latin1', start, colon) === 'event') {
      const value = buf.toString('utf8', valueStart, end);
      this.type = value.length > 0 ? value : undefined;
    }
  }
}
