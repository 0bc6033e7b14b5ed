/**
 * Pure conversion of an OpenAPI 3.0/3.1 document into REST tool definitions: one tool per operation, its input
 * schema built from the parameters and JSON request body (local `$ref`s inlined, cycles cut), its output schema
 * from the 2xx JSON response. Fetching the document and creating the tools is OpenApiImportService's work.
 */
import { REST_METHODS, type ToolCreateDto } from '../dto/tool-create.dto.js';
import { OpenApiImportException } from './openapi-import.exception.js';
import { errorMessage } from '@app/common';

type Json = Record<string, unknown>;
type RestMethod = (typeof REST_METHODS)[number];

export interface OpenApiToToolsOptions {
  /** Replaces the document's servers (all of them, document, path and operation level). */
  baseUrl?: string;
  /** Put before every tool name; joined with `_` unless it ends with `_`, `-` or `.`. */
  namePrefix?: string;
  /** operationIds (or generated names, for operations without one) to import; all when absent. */
  operations?: string[];
  /** Where the document was fetched from: relative server URLs are resolved against it. */
  documentUrl?: string;
}

/** A tool to create, and the operation it came from (`operationId`, or `METHOD /path`). */
export interface ImportedTool {
  operation: string;
  tool: Required<
    Pick<ToolCreateDto, 'name' | 'description' | 'url' | 'integrationType' | 'requestType' | 'inputSchema'>
  > &
    Pick<ToolCreateDto, 'outputSchema' | 'annotations'>;
}

/** An operation that was not turned into a tool, and why. */
export interface SkippedOperation {
  operation: string;
  reason: string;
}

export interface OpenApiConversion {
  /** The document-level base URL every operation without its own servers uses. */
  baseUrl: string;
  tools: ImportedTool[];
  skipped: SkippedOperation[];
}

/** Operations one import may hold; a larger document should be imported by choosing `operations`. */
export const MAX_OPERATIONS = 500;
/** Schema nodes one operation may expand to once its `$ref`s are inlined. */
const MAX_SCHEMA_NODES = 20_000;
/** Schema nodes a whole import may build: the conversion runs on the request path, so its work is bounded. */
const MAX_DOCUMENT_SCHEMA_NODES = 400_000;
const MAX_SCHEMA_DEPTH = 64;
const MAX_NAME_LENGTH = 255;
const MAX_DESCRIPTION_LENGTH = 10_000;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Header parameters the OpenAPI specification says to ignore: the request's framing and credentials. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);
/** Schema keywords that are documentation or OpenAPI-only, dropped from the JSON Schemas we emit. */
const DROPPED_KEYWORDS = new Set([
  'nullable',
  'example',
  'xml',
  'externalDocs',
  'discriminator',
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$dynamicRef',
  '$comment',
  // Never a keyword; assigning it would replace the prototype of the schema being built.
  '__proto__',
]);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_VALUES = new Set([
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
  'contentSchema',
]);

/**
 * The tools of an OpenAPI document. Throws OpenApiImportException (OPENAPI_DOCUMENT_INVALID) when the document as
 * a whole cannot be read; an operation that cannot be converted is listed in `skipped` with the reason.
 */
export function openApiToTools(document: unknown, options: OpenApiToToolsOptions = {}): OpenApiConversion {
  const doc = checkDocument(document);
  const baseUrl = documentBaseUrl(doc, options);
  const paths = doc.paths as Json;
  const wanted = options.operations ? new Set(options.operations) : undefined;
  const found = new Set<string>();
  const tools: ImportedTool[] = [];
  const skipped: SkippedOperation[] = [];
  const names = new Map<string, string>();
  const budget = { nodes: MAX_DOCUMENT_SCHEMA_NODES };
  let count = 0;

  for (const [path, rawItem] of Object.entries(paths)) {
    let item: Json;
    try {
      item = resolveObject(doc, rawItem, `path item ${path}`);
    } catch (error) {
      skipped.push({ operation: path, reason: errorMessage(error) });
      continue;
    }
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const label =
        typeof operation.operationId === 'string' && operation.operationId !== ''
          ? operation.operationId
          : `${method.toUpperCase()} ${path}`;
      const plainName = sanitizeName(
        typeof operation.operationId === 'string' && operation.operationId !== ''
          ? operation.operationId
          : `${method}_${path}`,
      );
      if (wanted) {
        const key = [label, plainName].find((k) => wanted.has(k));
        if (key === undefined) continue;
        found.add(key);
      }
      if (++count > MAX_OPERATIONS)
        throw invalid(
          `the document has more than ${MAX_OPERATIONS} operations; choose the ones to import with "operations"`,
        );
      const upper = method.toUpperCase();
      if (!(REST_METHODS as readonly string[]).includes(upper)) {
        skipped.push({
          operation: label,
          reason: `${upper} operations cannot be REST tools (${REST_METHODS.join(', ')} only)`,
        });
        continue;
      }
      if (!path.startsWith('/')) {
        skipped.push({ operation: label, reason: `the path ${JSON.stringify(path)} does not start with /` });
        continue;
      }
      try {
        const name = toolName(options.namePrefix, plainName);
        const clash = names.get(name);
        if (clash !== undefined)
          throw new Error(`its tool name ${name} is already taken by ${clash} in this document`);
        const tool = convertOperation(doc, budget, {
          path,
          method: upper as RestMethod,
          item,
          operation,
          name,
          base: operationBaseUrl(item, operation, baseUrl, options),
        });
        names.set(name, label);
        tools.push({ operation: label, tool });
      } catch (error) {
        if (error instanceof OpenApiImportException) throw error;
        skipped.push({ operation: label, reason: errorMessage(error) });
      }
    }
  }
  for (const name of wanted ?? [])
    if (!found.has(name)) skipped.push({ operation: name, reason: 'no such operation in the document' });
  return { baseUrl, tools, skipped };
}

/** The name an operation gets without a prefix: its operationId, or `method_path`, in [A-Za-z0-9_-]. */
export function sanitizeName(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[_-]+|_+$/g, '');
}

function toolName(prefix: string | undefined, name: string): string {
  if (name === '') throw new Error('no tool name can be made of its operationId or path');
  const full = !prefix ? name : /[_.-]$/.test(prefix) ? `${prefix}${name}` : `${prefix}_${name}`;
  if (full.length > MAX_NAME_LENGTH)
    throw new Error(`its tool name would be longer than ${MAX_NAME_LENGTH} characters`);
  return full;
}

function checkDocument(document: unknown): Json {
  if (!isObject(document)) throw invalid('it is not a JSON or YAML object');
  if (typeof document.swagger === 'string')
    throw invalid(`Swagger ${document.swagger} documents are not supported; convert it to OpenAPI 3 first`);
  if (typeof document.openapi !== 'string')
    throw invalid('it has no "openapi" version field, so it is not an OpenAPI 3.0 or 3.1 document');
  if (!/^3\.[01]\./.test(document.openapi))
    throw invalid(`OpenAPI ${document.openapi} is not supported (3.0 and 3.1 are)`);
  if (!isObject(document.paths)) throw invalid('it has no "paths" object, so there is nothing to import');
  return document;
}

function invalid(reason: string): OpenApiImportException {
  return new OpenApiImportException('OPENAPI_DOCUMENT_INVALID', `Invalid OpenAPI document: ${reason}`);
}

// ── Base URLs

function documentBaseUrl(doc: Json, options: OpenApiToToolsOptions): string {
  if (options.baseUrl !== undefined) {
    const base = absoluteUrl(options.baseUrl, undefined);
    if (base === undefined)
      throw new OpenApiImportException(
        'OPENAPI_IMPORT_INVALID',
        `baseUrl ${JSON.stringify(options.baseUrl)} is not an absolute http(s) URL`,
      );
    return base;
  }
  const servers = Array.isArray(doc.servers) ? (doc.servers as unknown[]) : [];
  // Without servers, the specification's default server is "/", relative to where the document was found.
  const raw = servers.length > 0 ? serverUrl(servers[0]) : '/';
  if (raw === undefined) throw invalid('servers[0] has no usable url');
  const base = absoluteUrl(raw, options.documentUrl);
  if (base === undefined)
    throw invalid(
      options.documentUrl
        ? `servers[0].url ${JSON.stringify(raw)} does not give an http(s) URL; pass baseUrl`
        : `servers[0].url ${JSON.stringify(raw)} is not an absolute http(s) URL (or the document has no servers); pass baseUrl`,
    );
  return base;
}

function operationBaseUrl(
  item: Json,
  operation: Json,
  documentBase: string,
  options: OpenApiToToolsOptions,
): string {
  if (options.baseUrl !== undefined) return documentBase;
  for (const servers of [operation.servers, item.servers]) {
    if (!Array.isArray(servers) || servers.length === 0) continue;
    const raw = serverUrl(servers[0]);
    const base = raw === undefined ? undefined : absoluteUrl(raw, options.documentUrl ?? documentBase);
    if (base === undefined) throw new Error('its servers[0].url does not give an http(s) URL');
    return base;
  }
  return documentBase;
}

/** A Server Object's url with its `{variables}` replaced by their defaults. */
function serverUrl(server: unknown): string | undefined {
  if (!isObject(server) || typeof server.url !== 'string') return undefined;
  const variables = isObject(server.variables) ? server.variables : {};
  let missing = false;
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = variables[name];
    if (isObject(variable) && typeof variable.default === 'string') return variable.default;
    missing = true;
    return '';
  });
  return missing ? undefined : url;
}

/**
 * `raw` resolved against `base` when it is an http(s) URL, else undefined; without trailing slash, query or
 * fragment, since operation paths are appended to it.
 */
function absoluteUrl(raw: string, base: string | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

// ── Operations

interface OperationContext {
  path: string;
  method: RestMethod;
  item: Json;
  operation: Json;
  name: string;
  base: string;
}

function convertOperation(doc: Json, budget: { nodes: number }, op: OperationContext): ImportedTool['tool'] {
  const schemas = new SchemaResolver(doc, budget);
  const properties: Record<string, Json> = {};
  const required: string[] = [];
  const add = (name: string, schema: Json, isRequired: boolean): void => {
    if (name === '__proto__') throw new Error('it has an argument named __proto__, which cannot be used');
    if (Object.hasOwn(properties, name))
      throw new Error(
        `the argument name ${name} is used twice (parameters and body fields share one namespace)`,
      );
    properties[name] = schema;
    if (isRequired) required.push(name);
  };

  for (const parameter of mergedParameters(doc, op.item, op.operation)) {
    const name = parameter.name as string;
    const where = parameter.in as string;
    if (where === 'cookie') {
      if (parameter.required === true)
        throw new Error(`it needs the cookie parameter ${name}, which REST tools cannot send`);
      continue;
    }
    if (where === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) continue;
    if (!['path', 'query', 'header'].includes(where))
      throw new Error(
        `its parameter ${name} is in ${JSON.stringify(where)}, not path, query, header or cookie`,
      );
    const schema = parameterSchema(parameter, schemas);
    add(name, { ...schema, 'x-in': where }, where === 'path' || parameter.required === true);
  }
  // A placeholder the document forgot to declare still has to be filled.
  for (const match of op.path.matchAll(/\{([^}]+)\}/g))
    if (!Object.hasOwn(properties, match[1])) add(match[1], { type: 'string', 'x-in': 'path' }, true);

  if (op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH')
    addRequestBody(doc, op.operation.requestBody, schemas, properties, add);

  const outputSchema = responseSchema(doc, op.operation.responses, schemas);
  const summary = typeof op.operation.summary === 'string' ? op.operation.summary.trim() : '';
  const details = typeof op.operation.description === 'string' ? op.operation.description.trim() : '';
  const description =
    [summary, details].filter((text) => text !== '').join('\n\n') || `${op.method} ${op.path}`;
  return {
    name: op.name,
    description: description.slice(0, MAX_DESCRIPTION_LENGTH),
    url: `${op.base}${op.path}`,
    integrationType: 'REST',
    requestType: op.method,
    inputSchema: {
      type: 'object',
      properties,
      ...(required.length > 0 && { required }),
    },
    ...(outputSchema && { outputSchema }),
    annotations: annotationsFor(op.method, summary),
  };
}

/** Behaviour hints the method implies (and the summary as a title). */
function annotationsFor(method: RestMethod, summary: string): Json {
  return {
    ...(summary !== '' && { title: summary.slice(0, 200) }),
    ...(method === 'GET' && { readOnlyHint: true }),
    ...(method === 'DELETE' && { destructiveHint: true }),
    ...((method === 'PUT' || method === 'DELETE') && { idempotentHint: true }),
  };
}

/** The path item's parameters overridden by the operation's (same name and location), $refs resolved. */
function mergedParameters(doc: Json, item: Json, operation: Json): Json[] {
  const byKey = new Map<string, Json>();
  for (const list of [item.parameters, operation.parameters]) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new Error('its parameters are not a list');
    for (const raw of list as unknown[]) {
      const parameter = resolveObject(doc, raw, 'a parameter');
      if (typeof parameter.name !== 'string' || typeof parameter.in !== 'string')
        throw new Error('one of its parameters has no name or no "in"');
      byKey.set(`${parameter.in}:${parameter.name}`, parameter);
    }
  }
  return [...byKey.values()];
}

function parameterSchema(parameter: Json, schemas: SchemaResolver): Json {
  let schema: Json = {};
  if (parameter.schema !== undefined) schema = schemas.convert(parameter.schema);
  else if (isObject(parameter.content)) {
    const media = Object.values(parameter.content)[0];
    if (isObject(media) && media.schema !== undefined) schema = schemas.convert(media.schema);
  }
  if (typeof parameter.description === 'string' && schema.description === undefined)
    schema = { ...schema, description: parameter.description };
  if (parameter.deprecated === true) schema = { ...schema, deprecated: true };
  return schema;
}

function addRequestBody(
  doc: Json,
  raw: unknown,
  schemas: SchemaResolver,
  properties: Record<string, Json>,
  add: (name: string, schema: Json, required: boolean) => void,
): void {
  if (raw === undefined) return;
  const body = resolveObject(doc, raw, 'the request body');
  const isRequired = body.required === true;
  const content = isObject(body.content) ? body.content : {};
  const media = jsonMedia(content);
  if (media === undefined) {
    const types = Object.keys(content);
    if (isRequired && types.length > 0)
      throw new Error(`its request body is ${types.join(' or ')}; only JSON bodies are supported`);
    return;
  }
  const schema = media.schema === undefined ? {} : flattenAllOf(schemas.convert(media.schema));
  const fields = isObject(schema.properties) ? (schema.properties as Record<string, Json>) : undefined;
  const isObjectSchema =
    fields !== undefined &&
    (schema.type === 'object' || schema.type === undefined) &&
    !['oneOf', 'anyOf', 'not', 'if'].some((k) => k in schema);
  if (isObjectSchema && Object.keys(fields).every((name) => !Object.hasOwn(properties, name))) {
    const bodyRequired = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
    for (const [name, field] of Object.entries(fields)) {
      // Fields the server sets itself (readOnly) are not sent.
      if (field.readOnly === true) continue;
      add(name, { ...field, 'x-in': 'body' }, isRequired && bodyRequired.includes(name));
    }
    return;
  }
  const name = ['body', 'requestBody', '_body'].find((n) => !Object.hasOwn(properties, n)) ?? '__body';
  const description =
    typeof schema.description === 'string'
      ? schema.description
      : typeof body.description === 'string'
        ? body.description
        : 'The JSON request body';
  add(name, { ...schema, description, 'x-in': 'requestBody' }, isRequired);
}

/** allOf of plain object schemas merged into one, as APIs write "Base plus these fields". */
function flattenAllOf(schema: Json): Json {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = schema.allOf as Json[];
  const plain = (part: Json): boolean =>
    Object.keys(part).every((k) => ['type', 'properties', 'required', 'description', 'title'].includes(k)) &&
    (part.type === undefined || part.type === 'object');
  if (!parts.every((part) => isObject(part) && plain(part))) return schema;
  const { allOf: _allOf, ...rest } = schema;
  const properties: Json = { ...(isObject(rest.properties) ? rest.properties : {}) };
  const required = new Set<unknown>(Array.isArray(rest.required) ? rest.required : []);
  for (const part of parts) {
    Object.assign(properties, isObject(part.properties) ? part.properties : {});
    for (const name of Array.isArray(part.required) ? (part.required as unknown[]) : []) required.add(name);
  }
  return {
    ...rest,
    type: 'object',
    properties,
    ...(required.size > 0 && { required: [...required] }),
  };
}

/** The schema of the first 2xx JSON response when it describes an object; else undefined. */
function responseSchema(doc: Json, raw: unknown, schemas: SchemaResolver): Json | undefined {
  if (!isObject(raw)) return undefined;
  const codes = Object.keys(raw)
    .filter((code) => /^2(\d\d|XX)$/i.test(code))
    .sort((a, b) => a.localeCompare(b));
  for (const code of codes) {
    const response = resolveObject(doc, raw[code], `response ${code}`);
    const media = isObject(response.content) ? jsonMedia(response.content) : undefined;
    if (media?.schema === undefined) continue;
    const schema = flattenAllOf(schemas.convert(media.schema));
    const describesObject =
      schema.type === 'object' ||
      (schema.type === undefined && isObject(schema.properties) && !('oneOf' in schema || 'anyOf' in schema));
    return describesObject ? schema : undefined;
  }
  return undefined;
}

/** The media type object of JSON content: application/json first, then any +json or json type, then *\/*. */
function jsonMedia(content: Json): Json | undefined {
  const types = Object.keys(content);
  const key =
    types.find((t) => t.toLowerCase().split(';')[0].trim() === 'application/json') ??
    types.find((t) => /[/+]json\b/i.test(t)) ??
    types.find((t) => t === '*/*');
  const media = key === undefined ? undefined : content[key];
  return isObject(media) ? media : key === undefined ? undefined : {};
}

// ── References and schemas

/** Follows `$ref`s of non-schema objects (parameters, request bodies, responses, path items). */
function resolveObject(doc: Json, raw: unknown, what: string): Json {
  let node = raw;
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (seen.has(ref)) throw new Error(`${what} refers to itself through ${ref}`);
    seen.add(ref);
    node = pointer(doc, ref);
    if (node === undefined) throw new Error(`${what} refers to ${ref}, which the document does not have`);
  }
  if (!isObject(node)) throw new Error(`${what} is not an object`);
  return node;
}

/** The value at a local reference (`#/components/schemas/Pet`); undefined when there is none. */
function pointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const path = ref.slice(1);
  if (path === '') return doc;
  if (!path.startsWith('/')) return undefined;
  let node: unknown = doc;
  for (const raw of path.slice(1).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/**
 * Turns OpenAPI schemas into plain JSON Schema: local `$ref`s inlined (a reference met again inside its own
 * expansion is cut, leaving an open schema), `nullable` and boolean `exclusiveMinimum/Maximum` of 3.0 rewritten,
 * documentation-only and vendor (`x-`) keywords dropped. One resolver per operation, with a node budget of its own
 * and a share of the document's: they bound what references fanning out can make it build.
 */
class SchemaResolver {
  private readonly expanding: string[] = [];
  private nodes = 0;

  constructor(
    private readonly doc: Json,
    /** What is left of the whole document's node budget, shared by the resolvers of its operations. */
    private readonly budget: { nodes: number },
  ) {}

  convert(node: unknown, depth = 0): Json {
    if (node === true || node === undefined) return {};
    if (node === false) return { not: {} };
    if (!isObject(node)) return {};
    if (--this.budget.nodes < 0)
      throw invalid(
        `its schemas expand to more than ${MAX_DOCUMENT_SCHEMA_NODES} nodes once references are inlined; import fewer operations`,
      );
    if (++this.nodes > MAX_SCHEMA_NODES)
      throw new Error(
        `its schemas expand to more than ${MAX_SCHEMA_NODES} nodes once references are inlined`,
      );
    if (depth > MAX_SCHEMA_DEPTH) throw new Error(`its schemas nest deeper than ${MAX_SCHEMA_DEPTH} levels`);
    if (typeof node.$ref === 'string') return this.reference(node, node.$ref, depth);

    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED_KEYWORDS.has(key) || key.startsWith('x-')) continue;
      if (SCHEMA_MAPS.has(key) && isObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.convert(v, depth + 1)]));
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
        out[key] = value.map((v) => this.convert(v, depth + 1));
      } else if (key === 'items') {
        // Draft-4 tuple form: a list of item schemas.
        if (Array.isArray(value)) out.prefixItems = value.map((v) => this.convert(v, depth + 1));
        else out.items = typeof value === 'boolean' ? value : this.convert(value, depth + 1);
      } else if (SCHEMA_VALUES.has(key)) {
        out[key] = typeof value === 'boolean' ? value : this.convert(value, depth + 1);
      } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
        if (typeof value === 'number') out[key] = value;
      } else {
        out[key] = value;
      }
    }
    // OpenAPI 3.0: `exclusiveMinimum: true` qualifies `minimum`; JSON Schema gives the bound itself.
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (node[flag] === true && typeof node[bound] === 'number') {
        out[flag] = node[bound];
        delete out[bound];
      }
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      else if (Array.isArray(out.type) && !out.type.includes('null'))
        out.type = [...(out.type as unknown[]), 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    }
    return out;
  }

  private reference(node: Json, ref: string, depth: number): Json {
    const { $ref: _ref, ...siblings } = node;
    const extra = Object.keys(siblings).length > 0 ? this.convert(siblings, depth + 1) : {};
    if (!ref.startsWith('#')) return { description: `External reference ${ref} (not resolved)`, ...extra };
    if (this.expanding.includes(ref))
      return { description: `Recursive reference to ${ref} (not expanded)`, ...extra };
    const target = pointer(this.doc, ref);
    if (target === undefined) throw new Error(`it refers to ${ref}, which the document does not have`);
    this.expanding.push(ref);
    try {
      return { ...this.convert(target, depth + 1), ...extra };
    } finally {
      this.expanding.pop();
    }
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
