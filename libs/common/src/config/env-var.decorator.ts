import 'reflect-metadata';

/** How a raw environment string becomes a typed value before validation. */
export type EnvKind = 'string' | 'int' | 'bool' | 'json-array' | 'list';

/** What the configuration knows about one environment variable: used for parsing, docs and redaction. */
export interface EnvVarMeta {
  /** Name of the environment variable, e.g. `PORT`. */
  env: string;
  /** Property of GatewayConfig that holds the parsed value. */
  property: string;
  kind: EnvKind;
  /** Section of the configuration tables (Basic, Authentication, …). */
  group: string;
  description: string;
  /** Secrets are never logged and are redacted wherever configuration is shown. */
  sensitive?: boolean;
}

const ENV_VARS = Symbol('gateway:env-vars');

/**
 * Binds a GatewayConfig property to an environment variable.
 *
 * @example
 *   @EnvVar('PORT', 'int', 'Basic', 'Port the server listens on') port = 4444;
 */
export function EnvVar(
  env: string,
  kind: EnvKind,
  group: string,
  description: string,
  options: { sensitive?: boolean } = {},
): PropertyDecorator {
  return (target, property) => {
    const list = (Reflect.getOwnMetadata(ENV_VARS, target) as EnvVarMeta[] | undefined) ?? [];
    list.push({ env, property: String(property), kind, group, description, sensitive: options.sensitive });
    Reflect.defineMetadata(ENV_VARS, list, target);
  };
}

/** Every environment variable declared on a config class, in declaration order. */
export function envVarsOf(ctor: abstract new (...args: never[]) => unknown): EnvVarMeta[] {
  return (Reflect.getOwnMetadata(ENV_VARS, ctor.prototype as object) as EnvVarMeta[] | undefined) ?? [];
}
