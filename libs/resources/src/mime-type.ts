import { lookup } from 'mime-types';
import { type ResourceContent } from './resource-content.js';
import { ResourcesException } from './resources.exception.js';
import { uriPath } from './resource-uri.js';

/** Signatures of the binary formats recognised by their first bytes. */
const MAGIC: { type: string; matches: (b: Buffer) => boolean }[] = [
  {
    type: 'image/png',
    matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', matches: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  {
    type: 'image/gif',
    matches: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')),
  },
  {
    type: 'image/webp',
    matches: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { type: 'application/pdf', matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/**
 * The MIME type a URI's file extension stands for (`file:///logo.png` → image/png), or undefined. Only the
 * last segment of a hierarchical path counts, so a host (`https://example.com`) or an opaque URI
 * (`mailto:a@b.com`) is never mistaken for a file name.
 */
export function mimeTypeFromUri(uri: string): string | undefined {
  const path = uriPath(uri);
  if (!path.includes('/')) return undefined;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!name.includes('.')) return undefined;
  return lookup(name) || undefined;
}

/**
 * The MIME type of content without a declared one: JSON text (an object or array) → application/json, other
 * text → text/plain; binary by its magic bytes (PNG, JPEG, GIF, WEBP, PDF), else application/octet-stream.
 * A bare JSON scalar such as `42` or `"x"` counts as plain text: nobody registers those as JSON documents.
 */
export function mimeTypeFromContent(content: ResourceContent): string {
  if (content.kind === 'text') return looksLikeJson(content.text) ? 'application/json' : 'text/plain';
  // 16 base64 characters are 12 bytes: enough for every signature above.
  const head = Buffer.from(content.base64.slice(0, 16), 'base64');
  return MAGIC.find((m) => m.matches(head))?.type ?? 'application/octet-stream';
}

/**
 * The MIME type of a resource that did not declare one: from the URI's extension when it has a known one,
 * otherwise from the content; undefined when there is neither (a template without content).
 */
export function detectMimeType(uri: string, content: ResourceContent | undefined): string | undefined {
  return mimeTypeFromUri(uri) ?? (content ? mimeTypeFromContent(content) : undefined);
}

/** `text/plain; charset=utf-8` → `text/plain` (lower case, parameters dropped). */
export function baseMimeType(mimeType: string): string {
  return (mimeType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/** Whether the type (parameters ignored) is in the allow-list; entries like `image/*` allow a whole family. */
export function isMimeTypeAllowed(mimeType: string, allowed: readonly string[]): boolean {
  const type = baseMimeType(mimeType);
  const family = `${type.split('/', 1)[0]}/*`;
  return allowed.some((entry) => {
    const a = entry.trim().toLowerCase();
    return a === type || a === family || a === '*/*';
  });
}

/** Throws 422 RESOURCE_MIME_NOT_ALLOWED naming the type and the allow-list when the type is not allowed. */
export function assertMimeTypeAllowed(mimeType: string, allowed: readonly string[]): void {
  if (!isMimeTypeAllowed(mimeType, allowed))
    throw new ResourcesException(
      'RESOURCE_MIME_NOT_ALLOWED',
      `MIME type ${baseMimeType(mimeType)} is not allowed (ALLOWED_MIME_TYPES: ${allowed.join(', ')})`,
    );
}

function looksLikeJson(text: string): boolean {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
