/**
 * Pure mapping of a REST tool call onto an HTTP request: `{param}` path templates filled from the arguments,
 * the other arguments in the query string (GET, DELETE) or a JSON body (POST, PUT, PATCH), unless the input
 * schema says otherwise per property with an `x-in` hint (as the OpenAPI importer writes them).
 */

/** A tool URL parsed once: its origin, the path split around its `{param}` placeholders, its own query. */
export interface UrlTemplate {
  readonly origin: string;
  /** Encoded path text around the placeholders: `literals.length === names.length + 1`. */
  readonly literals: readonly string[];
  readonly names: readonly string[];
  /** The URL's own query without `?`, kept ahead of the mapped arguments. */
  readonly query: string;
}

/** The parts of one HTTP request, as undici's `request()` takes them. */
export interface RestRequest {
  origin: string;
  path: string;
  method: string;
  body: string | undefined;
  /** Headers taken from arguments (`x-in: header`); absent when there are none. */
  headers?: Record<string, string>;
}

/**
 * Where an argument goes, as an input schema property's `x-in` says: a `{param}` of the URL, the query string,
 * a request header, a property of the JSON body, or the whole JSON body (`requestBody`).
 */
export type ArgumentLocation = 'path' | 'query' | 'header' | 'body' | 'requestBody';

/** Where each hinted argument goes; arguments without a hint go where the method puts them by default. */
export type ArgumentLocations = ReadonlyMap<string, ArgumentLocation>;

const LOCATIONS = new Set<string>(['path', 'query', 'header', 'body', 'requestBody']);
/** Headers an argument may not set: they frame the request or carry the tool's own credentials. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'authorization',
  'proxy-authorization',
  'cookie',
  'te',
  'upgrade',
  'keep-alive',
]);

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const METHODS_WITH_QUERY = new Set(['GET', 'DELETE']);
// WHATWG URLs percent-encode `{` and `}` in paths.
const PLACEHOLDER = /%7B([^/]*?)%7D/gi;

/** Parses a tool URL; returns a message instead when it cannot or must not be called. */
export function compileUrlTemplate(raw: string): UrlTemplate | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `the tool URL is not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `only http and https URLs can be called, not ${url.protocol.slice(0, -1)}`;
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of url.pathname.matchAll(PLACEHOLDER)) {
    literals.push(url.pathname.slice(last, match.index));
    names.push(decodeURIComponent(match[1]));
    last = match.index + match[0].length;
  }
  literals.push(url.pathname.slice(last));
  return { origin: url.origin, literals, names, query: url.search.slice(1) };
}

/**
 * The `x-in` hints of an input schema's properties; undefined when it has none, so that tools registered by
 * hand keep the default mapping. Header hints naming reserved headers (Host, Authorization, …) are ignored.
 */
export function argumentLocations(
  inputSchema: Record<string, unknown> | undefined,
): ArgumentLocations | undefined {
  const properties = inputSchema?.properties;
  if (typeof properties !== 'object' || properties === null) return undefined;
  const locations = new Map<string, ArgumentLocation>();
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    const hint = (property as { 'x-in'?: unknown } | null)?.['x-in'];
    if (typeof hint !== 'string' || !LOCATIONS.has(hint)) continue;
    if (hint === 'header' && RESERVED_HEADERS.has(name.toLowerCase())) continue;
    locations.set(name, hint as ArgumentLocation);
  }
  return locations.size > 0 ? locations : undefined;
}

/**
 * The request for these arguments; a message naming the problem when the arguments cannot fill the URL.
 * With `locations` (from {@link argumentLocations}) hinted arguments go where their hint says.
 */
export function buildRestRequest(
  template: UrlTemplate,
  requestType: string,
  args: Record<string, unknown>,
  locations?: ArgumentLocations,
): RestRequest | string {
  const method = requestType.toUpperCase();
  const hasBody = METHODS_WITH_BODY.has(method);
  if (!hasBody && !METHODS_WITH_QUERY.has(method))
    return `a REST tool's method must be GET, POST, PUT, PATCH or DELETE, not ${requestType}`;

  let path = template.literals[0];
  for (let i = 0; i < template.names.length; i++) {
    const name = template.names[i];
    const segment = pathSegment(name, args[name]);
    if (segment.startsWith('!')) return segment.slice(1);
    path += segment + template.literals[i + 1];
  }

  if (locations) return placeArguments(template, path, method, hasBody, args, locations);
  if (hasBody) {
    const rest = template.names.length === 0 ? args : withoutKeys(args, template.names);
    return {
      origin: template.origin,
      path: withQuery(path, template.query),
      method,
      body: JSON.stringify(rest),
    };
  }
  let query = template.query;
  for (const key in args) {
    if (!Object.hasOwn(args, key) || template.names.includes(key)) continue;
    query = appendQuery(query, key, args[key]);
  }
  return { origin: template.origin, path: withQuery(path, query), method, body: undefined };
}

/** The request with every argument where its hint (or, without one, the method) puts it. */
function placeArguments(
  template: UrlTemplate,
  path: string,
  method: string,
  hasBody: boolean,
  args: Record<string, unknown>,
  locations: ArgumentLocations,
): RestRequest | string {
  let query = template.query;
  let headers: Record<string, string> | undefined;
  let fields: Record<string, unknown> | undefined;
  let whole: { value: unknown } | undefined;
  for (const key in args) {
    if (!Object.hasOwn(args, key) || template.names.includes(key)) continue;
    const value = args[key];
    let where = locations.get(key) ?? (hasBody ? 'body' : 'query');
    // No body on GET and DELETE, and a path hint with no placeholder to fill: the default place instead.
    if (where === 'path' || (!hasBody && (where === 'body' || where === 'requestBody')))
      where = hasBody ? 'body' : 'query';
    switch (where) {
      case 'query':
        query = appendQuery(query, key, value);
        break;
      case 'header': {
        if (value === undefined || value === null) break;
        const text = Array.isArray(value) ? value.map(scalarText).join(',') : scalarText(value);
        if (/[\r\n\0]/.test(text)) return `header argument "${key}" must not contain line breaks or NUL`;
        (headers ??= {})[key.toLowerCase()] = text;
        break;
      }
      case 'requestBody':
        if (value !== undefined) whole = { value };
        break;
      case 'body':
        (fields ??= {})[key] = value;
    }
  }
  let body: string | undefined;
  if (whole) body = JSON.stringify(whole.value);
  else if (fields || (hasBody && [...locations.values()].includes('body')))
    body = JSON.stringify(fields ?? {});
  return {
    origin: template.origin,
    path: withQuery(path, query),
    method,
    body,
    ...(headers && { headers }),
  };
}

function scalarText(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
      ? value.toString()
      : (JSON.stringify(value) ?? '');
}

/** The encoded value of one path parameter, or `!message` when it cannot be one. */
function pathSegment(name: string, value: unknown): string {
  if (value === undefined || value === null) return `!missing path argument "${name}"`;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    return `!path argument "${name}" must be a string, number or boolean`;
  const text = String(value);
  // An empty or dot segment would change which resource the path names (servers normalise `..`).
  if (text === '' || text === '.' || text === '..') return `!path argument "${name}" must not be "${text}"`;
  return encodeURIComponent(text);
}

function appendQuery(query: string, key: string, value: unknown): string {
  if (value === undefined || value === null) return query;
  if (Array.isArray(value)) {
    for (const item of value) query = appendQuery(query, key, item);
    return query;
  }
  const text = scalarText(value);
  const pair = `${encodeURIComponent(key)}=${encodeURIComponent(text)}`;
  return query === '' ? pair : `${query}&${pair}`;
}

function withQuery(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}

function withoutKeys(args: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const key in args) if (Object.hasOwn(args, key) && !keys.includes(key)) rest[key] = args[key];
  return rest;
}
