import type { LoggerService } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import pino, { type DestinationStream, type Logger, type StreamEntry } from 'pino';
import pretty from 'pino-pretty';
import type { GatewayConfig, LogLevelName } from '../config/gateway-config.js';

const PINO_LEVEL: Record<LogLevelName, pino.Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
};

const SECRET_KEYS = [
  'password',
  'token',
  'secret',
  'authorization',
  'cookie',
  'auth_value',
  'authValue',
  'jwt_secret_key',
];

/**
 * Structured keys that never reach a log line: at the top of the logged object and up to three levels down
 * (pino's redaction has no "any depth" wildcard; deeper secrets are still caught by shape in messages).
 */
export const REDACTED_PATHS = ['', '*.', '*.*.', '*.*.*.'].flatMap((prefix) =>
  SECRET_KEYS.map((key) => `${prefix}${key}`),
);

// A plain lower-case word after "Basic"/"Bearer" is prose ("Basic credentials"), not a credential.
const CREDENTIAL_IN_TEXT =
  /\b([Bb]earer|BEARER|[Bb]asic|BASIC)\s+(?![a-z]+(?![A-Za-z0-9._~+/=-]))[A-Za-z0-9._~+/=-]+/g;
const JWT_IN_TEXT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/** Masks credentials that slipped into free text (an error message quoting a header, a URL with a token). */
export function scrubSecrets(text: string): string {
  return text.replace(CREDENTIAL_IN_TEXT, '$1 [REDACTED]').replace(JWT_IN_TEXT, '[REDACTED]');
}

const NEST_BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Where log lines go: a stream (pino-pretty pipes into it for the text format, so it must be an emitter). */
export type LogSink = DestinationStream & Pick<EventEmitter, 'on' | 'once' | 'emit' | 'removeListener'>;

/** An error as a log field: its class, and message and stack with credentials masked. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubSecrets(String(error)) };
  return {
    type: error.constructor.name,
    message: scrubSecrets(error.message),
    stack: error.stack && scrubSecrets(error.stack),
  };
}

/**
 * The file descriptor log lines go to: stdout, except with TRANSPORT_TYPE=stdio, where stdout carries the MCP
 * session and may hold nothing but JSON-RPC, so the log goes to stderr.
 */
export function logDescriptor(config: Partial<Pick<GatewayConfig, 'transportType'>>): 1 | 2 {
  return config.transportType === 'stdio' ? 2 : 1;
}

/**
 * The process-wide logger: pino underneath (JSON or text, LOG_LEVEL, optional LOG_FILE), exposed to Nest
 * as its LoggerService. Secrets are removed twice: by key (REDACTED_PATHS) and by shape in messages.
 */
export class GatewayLogger implements LoggerService {
  readonly pino: Logger;

  constructor(
    config: Pick<GatewayConfig, 'logLevel' | 'logFormat' | 'logFile'> &
      Partial<Pick<GatewayConfig, 'transportType'>>,
    destination: DestinationStream = pino.destination(logDescriptor(config)),
  ) {
    const streams: StreamEntry[] = [{ stream: this.format(config.logFormat, destination) }];
    if (config.logFile) {
      const file = pino.destination({ dest: config.logFile, append: true, mkdir: true, sync: false });
      streams.push({ stream: this.format(config.logFormat, file) });
    }
    this.pino = pino(
      {
        level: PINO_LEVEL[config.logLevel],
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
        formatters: { level: (label) => ({ level: label }) },
      },
      pino.multistream(streams.map((s) => ({ ...s, level: 'trace' as const }))),
    );
  }

  private format(kind: 'json' | 'text', dest: DestinationStream): DestinationStream {
    if (kind === 'json') return dest;
    return pretty({
      destination: dest,
      colorize: false,
      sync: true,
      translateTime: 'SYS:standard',
      ignore: 'pid,hostname',
    });
  }

  log(message: unknown, ...rest: unknown[]): void {
    // Nest announces every module and route at start; that is debugging detail, not operations news.
    const context = rest[rest.length - 1];
    this.write(
      typeof context === 'string' && NEST_BOOT_CONTEXTS.has(context) ? 'debug' : 'info',
      message,
      rest,
    );
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Flushes buffered lines (file destinations are asynchronous). */
  flush(): void {
    this.pino.flush();
  }

  // Nest calls log(message, context) or error(message, stack, context); objects become structured fields.
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = scrubSecrets(stack);
    if (message instanceof Error) {
      fields.error = errorFields(message);
      this.pino[level](fields, scrubSecrets(message.message));
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...obj } = message as Record<string, unknown>;
      this.pino[level]({ ...obj, ...fields }, scrubSecrets(typeof msg === 'string' ? msg : ''));
    } else {
      this.pino[level](fields, scrubSecrets(String(message)));
    }
  }
}
