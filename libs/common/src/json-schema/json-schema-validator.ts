import { HttpStatus, Injectable } from '@nestjs/common';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { GatewayException } from '../errors/gateway.exception.js';

const CACHE_LIMIT = 5000;

/** Human-readable list of what failed, e.g. `/city: must be string; must have required property 'units'`. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || '(root)'}: ${e.message ?? 'is invalid'}`)
    .join('; ');
}

/**
 * JSON Schema (2020-12, which also reads draft-07 schemas as MCP servers write them) for tool input schemas and
 * prompt argument schemas: checks that a schema compiles when it is registered, and validates arguments against
 * it before any call goes out. Compiled validators are cached by schema text.
 */
@Injectable()
export class JsonSchemaValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  // The call path validates against the same schema object every time: find it without serialising it.
  private readonly bySchema = new WeakMap<object, ValidateFunction>();

  constructor() {
    // ajv-formats is CommonJS with a default export; its ESM interop shape differs by loader.
    type AddFormats = (ajv: Ajv2020) => unknown;
    const module = addFormats as unknown as AddFormats & { default?: AddFormats };
    (module.default ?? module)(this.ajv);
  }

  /** Throws 422 INVALID_JSON_SCHEMA when `schema` is not a usable JSON Schema. */
  assertValidSchema(schema: unknown, what = 'inputSchema'): void {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      throw new GatewayException(
        'INVALID_JSON_SCHEMA',
        `${what} must be a JSON Schema object`,
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    try {
      this.compile(schema as Record<string, unknown>);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new GatewayException(
        'INVALID_JSON_SCHEMA',
        `${what} is not a valid JSON Schema: ${reason}`,
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
  }

  /** Validates `data`; returns null when valid, else a readable description of every problem. */
  validate(schema: Record<string, unknown>, data: unknown): string | null {
    const check = this.compile(schema);
    return check(data) ? null : describeSchemaErrors(check.errors);
  }

  private compile(schema: Record<string, unknown>): ValidateFunction {
    const known = this.bySchema.get(schema);
    if (known) return known;
    const key = JSON.stringify(schema);
    let check = this.compiled.get(key);
    if (!check) {
      // Servers often name draft-07 as their dialect; 2020-12 reads the keywords they use, so the name is dropped.
      const { $schema: _dialect, $id: _id, ...body } = schema;
      check = this.ajv.compile(body);
      if (this.compiled.size >= CACHE_LIMIT)
        this.compiled.delete(this.compiled.keys().next().value as string);
      this.compiled.set(key, check);
    }
    this.bySchema.set(schema, check);
    return check;
  }
}
