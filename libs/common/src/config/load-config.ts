import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { envVarsOf, type EnvVarMeta } from './env-var.decorator.js';
import { GatewayConfig } from './gateway-config.js';

export type RawEnv = Record<string, string | undefined>;

/** Thrown when one or more settings are invalid; the message names every offending variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Reads a dotenv file. Values already present in `env` win over the file, as with every dotenv loader.
 * A missing file is not an error: `.env` is optional.
 */
export function readEnvFile(path: string): RawEnv {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8'));
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Turns one raw string into the typed value; returns `Invalid` so validation can name the variable. */
function coerce(meta: EnvVarMeta, raw: string): unknown {
  const value = raw.trim();
  switch (meta.kind) {
    case 'string':
      return value;
    case 'int':
      return /^-?\d+$/.test(value) ? Number(value) : new Invalid(`must be an integer (got "${raw}")`);
    case 'bool': {
      const lower = value.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      return new Invalid(`must be true or false (got "${raw}")`);
    }
    case 'json-array':
      return parseJsonArray(raw);
    case 'list':
      if (value.startsWith('[')) return parseJsonArray(raw);
      return value === ''
        ? []
        : value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
  }
}

function parseJsonArray(raw: string): unknown {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed;
  } catch {
    // fall through to the message below
  }
  return new Invalid(`must be a JSON array of strings, e.g. ["a","b"] (got ${JSON.stringify(raw)})`);
}

class Invalid {
  constructor(readonly message: string) {}
}

/** Normalises values whose accepted spelling is wider than their stored form. */
function normalise(meta: EnvVarMeta, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (meta.env === 'LOG_LEVEL') {
    const upper = value.toUpperCase();
    return upper === 'WARN' ? 'WARNING' : upper;
  }
  if (meta.env === 'JWT_ALGORITHM') return value.toUpperCase();
  if (meta.env === 'CACHE_TYPE' || meta.env === 'TRANSPORT_TYPE' || meta.env === 'LOG_FORMAT')
    return value.toLowerCase();
  if (meta.env === 'APP_ROOT_PATH') return value.replace(/\/+$/, '');
  return value;
}

/**
 * Builds the typed configuration from an environment (process.env merged over a .env file).
 * Unset or empty variables keep their defaults. Throws ConfigValidationError naming each bad variable.
 */
export function loadGatewayConfig(env: RawEnv): GatewayConfig {
  const metas = envVarsOf(GatewayConfig);
  const defaults = new GatewayConfig();
  const plain: Record<string, unknown> = { ...defaults };
  const problems: string[] = [];

  for (const meta of metas) {
    const raw = env[meta.env];
    if (raw === undefined || raw.trim() === '') continue;
    const value = normalise(meta, coerce(meta, raw));
    if (value instanceof Invalid) problems.push(`${meta.env} ${value.message}`);
    else plain[meta.property] = value;
  }

  const config = plainToInstance(GatewayConfig, plain);
  const byProperty = new Map(metas.map((m) => [m.property, m]));
  for (const error of validateSync(config, { forbidUnknownValues: false })) {
    const meta = byProperty.get(error.property);
    if (!meta || problems.some((p) => p.startsWith(`${meta.env} `))) continue;
    problems.push(`${meta.env} ${describe(error, meta)}`);
  }

  if (problems.length === 0) problems.push(...crossFieldProblems(config));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  if (config.debug) config.logLevel = 'DEBUG';
  return config;
}

function describe(error: ValidationError, meta: EnvVarMeta): string {
  const messages = Object.values(error.constraints ?? {}).map((m) =>
    m.replace(new RegExp(`^(each value in )?${error.property} `), '$1'),
  );
  const shown = meta.sensitive ? '(value hidden)' : `(got ${JSON.stringify(error.value)})`;
  return `${messages.join('; ')} ${shown}`;
}

function crossFieldProblems(config: GatewayConfig): string[] {
  if (config.jwtAlgorithm.startsWith('HS')) return [];
  try {
    createPrivateKey(config.jwtSecretKey);
    return [];
  } catch {
    return [
      `JWT_SECRET_KEY must be a PEM private key when JWT_ALGORITHM is ${config.jwtAlgorithm} (value hidden)`,
    ];
  }
}

/** The configuration as `{ENV_NAME: value}`, secrets replaced by `***`: safe to log or show. */
export function redactedConfig(config: GatewayConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const meta of envVarsOf(GatewayConfig)) {
    const value = (config as unknown as Record<string, unknown>)[meta.property];
    out[meta.env] = meta.sensitive && value !== undefined ? redactSecret(meta, value) : value;
  }
  return out;
}

function redactSecret(meta: EnvVarMeta, value: unknown): string {
  // URLs stay useful without their password: postgresql://user:***@host/db
  if ((meta.env === 'DATABASE_URL' || meta.env === 'REDIS_URL') && typeof value === 'string') {
    return value.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
  return '***';
}
