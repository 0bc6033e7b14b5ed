/** A URI scheme followed by `:` (RFC 3986 section 3.1). */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * What the registry accepts as a resource URI: a scheme, `:`, then at least one character, with no
 * whitespace or control characters (`config://app/settings`, `file:///x.txt`, `https://…`, `urn:x`).
 */
export const RESOURCE_URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\p{Cc}]+$/u;

/** Longest URI accepted: the `uri` column is varchar(767). */
export const MAX_RESOURCE_URI_LENGTH = 767;

/** Whether `uri` looks like a resource URI (see {@link RESOURCE_URI_PATTERN}). */
export function isResourceUri(uri: string): boolean {
  return uri.length <= MAX_RESOURCE_URI_LENGTH && RESOURCE_URI_PATTERN.test(uri);
}

/**
 * The path part of a URI, without scheme, authority, query or fragment: `/app/settings` for
 * `config://app/settings`. Opaque URIs (`urn:a:b`) give their whole scheme-specific part.
 */
export function uriPath(uri: string): string {
  let rest = uri.replace(/[?#].*$/s, '');
  const scheme = SCHEME.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  return rest;
}

/**
 * The resource URI carried in a request path after `prefix` (e.g. `/gateway/resources/`), taken from the raw
 * URL so that `//` survives. The URI is percent-decoded once, as the reference gateway does, so
 * `config%3A%2F%2Fapp%2Fsettings` and `config://app/settings` name the same resource; a URI whose own text
 * holds `?`, `#` or `%` must be sent percent-encoded. Returns undefined when the path does not start with
 * `prefix` or nothing follows it.
 *
 * @param rawUrl the request's URL as received (`req.originalUrl`), query string included or not
 * @param prefix the path in front of the URI, with its trailing slash
 */
export function uriFromRequestPath(rawUrl: string, prefix: string): string | undefined {
  const path = rawUrl.split(/[?#]/, 1)[0] ?? '';
  // The router matches paths regardless of case (`/Resources/…` reaches the same route), so this does too.
  if (path.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const raw = path.slice(prefix.length);
  if (raw === '') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    // Not valid percent-encoding (a lone `%`): the text is taken as it came.
    return raw;
  }
}

const VARCHAR = String.raw`(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})`;
const VARSPEC = String.raw`${VARCHAR}(?:\.?${VARCHAR})*(?::[1-9][0-9]{0,3}|\*)?`;
const EXPRESSION = new RegExp(String.raw`^[+#./;?&]?${VARSPEC}(?:,${VARSPEC})*$`);
// RFC 6570 section 2.1: literals exclude CTL, SP, DQUOTE, ', <, >, \, ^, `, {, |, } and a bare %.
const LITERALS = /^(?:[^\s\p{Cc}"'<>\\^`{|}%]|%[0-9A-Fa-f]{2})*$/u;

/**
 * Whether `template` is a well-formed RFC 6570 URI template (levels 1 to 4): literals plus `{…}` expressions
 * such as `{id}`, `{+path}`, `{?q,page}`, `{list*}` or `{name:3}`.
 */
export function isUriTemplate(template: string): boolean {
  if (template.length === 0) return false;
  let literals = '';
  let last = 0;
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!EXPRESSION.test(match[1] ?? '')) return false;
    literals += template.slice(last, match.index);
    last = match.index + match[0].length;
  }
  literals += template.slice(last);
  return LITERALS.test(literals);
}
