/**
 * Pure mapping of a REST tool call onto an HTTP request: `{param}` path templates filled from the arguments,
 * the other arguments in the query string (GET, DELETE) or a JSON body (POST, PUT, PATCH).
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
}

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

/** The request for these arguments; a message naming the problem when the arguments cannot fill the URL. */
export function buildRestRequest(
  template: UrlTemplate,
  requestType: string,
  args: Record<string, unknown>,
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
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? value.toString()
        : (JSON.stringify(value) ?? '');
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
