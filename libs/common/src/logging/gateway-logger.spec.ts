import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../config/load-config.js';
import { GatewayLogger, logDescriptor, scrubSecrets } from './gateway-logger.js';

/** A destination that keeps each line pino writes, so a test can read them back. */
class CollectingStream {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  get entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

function jsonLogger(env: Record<string, string> = {}): { sut: GatewayLogger; out: CollectingStream } {
  const out = new CollectingStream();
  const sut = new GatewayLogger(loadGatewayConfig({ LOG_FORMAT: 'json', ...env }), out);
  return { sut, out };
}

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe(scrubSecrets.name, () => {
  it('masks a Bearer credential and keeps the scheme word', () => {
    expect(scrubSecrets('upstream refused Authorization: Bearer sk-live-abc.123')).toBe(
      'upstream refused Authorization: Bearer [REDACTED]',
    );
  });

  it('masks a Basic credential', () => {
    expect(scrubSecrets('sent Basic YWRtaW46Y2hhbmdlbWU= to upstream')).toBe(
      'sent Basic [REDACTED] to upstream',
    );
  });

  it('matches the scheme word in any case', () => {
    expect(scrubSecrets('authorization: bearer abc123')).toBe('authorization: bearer [REDACTED]');
  });

  it('masks a bare JWT, e.g. in a query string', () => {
    const out = scrubSecrets(`GET /sse?token=${JWT} failed`);
    expect(out).toBe('GET /sse?token=[REDACTED] failed');
  });

  it('masks a JWT with an empty signature (alg none)', () => {
    expect(scrubSecrets('got eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9. from client')).toBe(
      'got [REDACTED] from client',
    );
  });

  it('masks every credential in the text, not only the first', () => {
    const out = scrubSecrets('a=Bearer one1 b=Bearer two2');
    expect(out).not.toContain('one1');
    expect(out).not.toContain('two2');
  });

  it('leaves text without credentials unchanged', () => {
    const text = 'tool "weather" took 120 ms (status 200)';
    expect(scrubSecrets(text)).toBe(text);
  });
});

describe(logDescriptor.name, () => {
  it('logs to stderr with TRANSPORT_TYPE=stdio, where stdout is the MCP session, and to stdout otherwise', () => {
    expect(logDescriptor(loadGatewayConfig({ TRANSPORT_TYPE: 'stdio' }))).toBe(2);
    expect(logDescriptor(loadGatewayConfig({ TRANSPORT_TYPE: 'all' }))).toBe(1);
    expect(logDescriptor(loadGatewayConfig({}))).toBe(1);
    expect(logDescriptor({})).toBe(1);
  });
});

describe(GatewayLogger.name, () => {
  it('writes one JSON object per line with the level name, time and message', () => {
    const { sut, out } = jsonLogger();
    sut.log('gateway started');
    sut.warn('slow upstream');
    sut.error('upstream down');
    sut.fatal('cannot bind port');
    expect(out.lines.every((line) => line.endsWith('\n'))).toBe(true);
    expect(out.entries.map((e) => [e.level, e.msg])).toEqual([
      ['info', 'gateway started'],
      ['warn', 'slow upstream'],
      ['error', 'upstream down'],
      ['fatal', 'cannot bind port'],
    ]);
    expect(out.entries[0].time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/));
  });

  it('hides DEBUG lines at LOG_LEVEL=INFO', () => {
    const { sut, out } = jsonLogger({ LOG_LEVEL: 'INFO' });
    sut.debug('cache miss');
    sut.verbose('frame sent');
    sut.log('request served');
    expect(out.entries.map((e) => e.msg)).toEqual(['request served']);
  });

  it('shows DEBUG lines at LOG_LEVEL=DEBUG', () => {
    const { sut, out } = jsonLogger({ LOG_LEVEL: 'DEBUG' });
    sut.debug('cache miss');
    expect(out.entries).toEqual([expect.objectContaining({ level: 'debug', msg: 'cache miss' })]);
  });

  it('hides INFO lines at LOG_LEVEL=WARNING and keeps warnings and errors', () => {
    const { sut, out } = jsonLogger({ LOG_LEVEL: 'WARNING' });
    sut.log('request served');
    sut.warn('slow upstream');
    sut.error('upstream down');
    expect(out.entries.map((e) => e.level)).toEqual(['warn', 'error']);
  });

  it('keeps only fatal lines at LOG_LEVEL=CRITICAL', () => {
    const { sut, out } = jsonLogger({ LOG_LEVEL: 'CRITICAL' });
    sut.error('upstream down');
    sut.fatal('cannot bind port');
    expect(out.entries.map((e) => e.level)).toEqual(['fatal']);
  });

  it('records the Nest context and, for error(), the stack argument', () => {
    const { sut, out } = jsonLogger();
    sut.log('mapped routes', 'Bootstrap');
    sut.error('request failed', 'Error: boom\n    at handler (x.ts:1:1)', 'ExceptionsHandler');
    expect(out.entries[0]).toMatchObject({ msg: 'mapped routes', context: 'Bootstrap' });
    expect(out.entries[1]).toMatchObject({
      msg: 'request failed',
      context: 'ExceptionsHandler',
      stack: 'Error: boom\n    at handler (x.ts:1:1)',
    });
  });

  it("logs Nest's module and route announcements at debug, not info", () => {
    const { sut, out } = jsonLogger();
    sut.log('Mapped {/health, GET} route', 'RouterExplorer');
    sut.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(out.lines).toHaveLength(0);
  });

  it('turns a logged object into structured fields with its msg as the message', () => {
    const { sut, out } = jsonLogger();
    sut.log({ msg: 'tool called', tool: 'weather', durationMs: 12 });
    expect(out.entries[0]).toMatchObject({ msg: 'tool called', tool: 'weather', durationMs: 12 });
  });

  it.each([
    ['password', { password: 'hunter2' }],
    ['token', { token: 'hunter2' }],
    ['secret', { secret: 'hunter2' }],
    ['authorization', { authorization: 'hunter2' }],
    ['headers.authorization', { headers: { authorization: 'hunter2', accept: 'application/json' } }],
    ['headers.cookie', { headers: { cookie: 'session=hunter2' } }],
    ['<any>.password', { gateway: { password: 'hunter2' } }],
    ['<any>.headers.authorization', { req: { headers: { authorization: 'hunter2' } } }],
  ])('replaces the value under %s by [REDACTED]', (_path, fields) => {
    const { sut, out } = jsonLogger();
    sut.log({ msg: 'calling upstream', ...fields });
    expect(out.lines[0]).not.toContain('hunter2');
    expect(out.lines[0]).toContain('"[REDACTED]"');
  });

  it('keeps the fields next to a redacted key readable', () => {
    const { sut, out } = jsonLogger();
    sut.log({ msg: 'calling upstream', headers: { authorization: 'Bearer x', accept: 'application/json' } });
    expect(out.entries[0].headers).toEqual({ authorization: '[REDACTED]', accept: 'application/json' });
  });

  it('redacts a secret key nested two objects deep, as its header comment promises ("wherever they sit")', () => {
    const { sut, out } = jsonLogger();
    sut.log({ msg: 'registering gateway', gateway: { auth: { password: 'hunter2' } } });
    expect(out.lines[0]).not.toContain('hunter2');
  });

  it('scrubs credentials from string messages', () => {
    const { sut, out } = jsonLogger();
    sut.warn('upstream answered 401 to Authorization: Bearer sk-live-123');
    sut.log(`client connected with ${JWT}`);
    sut.log({ msg: 'retrying with Basic YWRtaW46Y2hhbmdlbWU=' });
    expect(out.entries.map((e) => e.msg)).toEqual([
      'upstream answered 401 to Authorization: Bearer [REDACTED]',
      'client connected with [REDACTED]',
      'retrying with Basic [REDACTED]',
    ]);
  });

  it('scrubs credentials from the stack argument of error()', () => {
    const { sut, out } = jsonLogger();
    sut.error('request failed', 'Error: Bearer sk-live-123 rejected\n    at x', 'Ctx');
    expect(out.lines[0]).not.toContain('sk-live-123');
    expect(out.entries[0].stack).toBe('Error: Bearer [REDACTED] rejected\n    at x');
  });

  it('logs an Error whose message quotes a bearer token without leaking the token', () => {
    const { sut, out } = jsonLogger();
    sut.error(new Error('upstream said 401 for Authorization: Bearer sk-live-123'));
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).not.toContain('sk-live-123');
    expect(out.entries[0]).toMatchObject({
      level: 'error',
      msg: 'upstream said 401 for Authorization: Bearer [REDACTED]',
      error: { message: 'upstream said 401 for Authorization: Bearer [REDACTED]' },
    });
    expect((out.entries[0].error as { stack: string }).stack).toMatch(/^Error: upstream said 401/);
  });

  it('names the class of a logged Error in error.type', () => {
    const { sut, out } = jsonLogger();
    sut.error(new TypeError('cannot read properties of undefined'));
    expect(out.entries[0].error).toMatchObject({ type: 'TypeError' });
  });

  it('writes readable, non-JSON text lines with LOG_FORMAT=text', () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    const sut = new GatewayLogger(loadGatewayConfig({ LOG_FORMAT: 'text' }), stream);
    sut.log('gateway started on port 4444', 'Bootstrap');
    sut.debug('hidden at INFO');
    const text = chunks.join('');
    expect(text).toContain('INFO');
    expect(text).toContain('gateway started on port 4444');
    expect(text).toContain('Bootstrap');
    expect(text).not.toContain('hidden at INFO');
    expect(text.split('\n')[0]).toMatch(/^\[[^\]]+\] INFO: gateway started on port 4444$/);
    expect((): unknown => JSON.parse(text.split('\n')[0])).toThrow();
  });
});
