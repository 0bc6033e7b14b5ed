const NEWLINE = 0x0a;

/**
 * Cuts a byte stream into newline-delimited lines (the MCP stdio framing) without ever holding more than
 * `limit` bytes of one line: a longer line is reported once through `onTooLong` and its bytes are dropped up
 * to the next newline. Decodes UTF-8 only once a line is whole, so a character split across chunks survives.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private discarding = false;

  constructor(
    private readonly limit: number,
    private readonly onLine: (line: string) => void,
    private readonly onTooLong: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) {
        this.keep(chunk.subarray(start));
        return;
      }
      this.keep(chunk.subarray(start, end));
      this.complete();
      start = end + 1;
    }
  }

  /** The input ended: a last line without its newline still counts. */
  end(): void {
    if (this.size > 0) this.complete();
    this.discarding = false;
  }

  private keep(piece: Buffer): void {
    if (this.discarding || piece.length === 0) return;
    if (this.size + piece.length > this.limit) {
      this.parts = [];
      this.size = 0;
      this.discarding = true;
      this.onTooLong();
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
  }

  private complete(): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    let line = bytes.toString('utf8');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim().length > 0) this.onLine(line);
  }
}
