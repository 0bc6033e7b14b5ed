import { ResourcesException } from './resources.exception.js';

/** Stored content of a resource: UTF-8 text, or binary kept as base64. */
export type ResourceContent = { kind: 'text'; text: string } | { kind: 'binary'; base64: string };

// Standard alphabet, padded to a multiple of 4 characters (what Buffer#toString('base64') and btoa produce).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `value` is standard, padded base64 (the empty string is the encoding of no bytes). */
export function isBase64(value: string): boolean {
  return BASE64.test(value);
}

/** Number of bytes that valid base64 text decodes to, computed without decoding it. */
export function base64DecodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/**
 * The content a create or update body carries: `content` (text) or `blob` (base64 of binary), never both.
 * Returns undefined when the body carries neither; throws 422 for both, or for a blob that is not base64.
 */
export function contentFromBody(body: {
  content?: string | null;
  blob?: string | null;
}): ResourceContent | undefined {
  const hasText = typeof body.content === 'string';
  const hasBlob = typeof body.blob === 'string';
  if (hasText && hasBlob)
    throw new ResourcesException(
      'RESOURCE_INVALID',
      'Send either content (text) or blob (base64 binary), not both',
    );
  if (hasText) return { kind: 'text', text: body.content as string };
  if (!hasBlob) return undefined;
  const base64 = body.blob as string;
  if (!isBase64(base64))
    throw new ResourcesException(
      'RESOURCE_INVALID',
      'blob must be standard base64 (A-Z, a-z, 0-9, +, /, padded with = to a multiple of 4 characters)',
    );
  return { kind: 'binary', base64 };
}

/** The content as the `resources` row stores it. */
export function contentFromRecord(record: {
  textContent?: string | null;
  binaryContent?: string | null;
}): ResourceContent | undefined {
  if (typeof record.textContent === 'string') return { kind: 'text', text: record.textContent };
  if (typeof record.binaryContent === 'string') return { kind: 'binary', base64: record.binaryContent };
  return undefined;
}

/** Size in bytes: UTF-8 length of text, decoded length of binary. */
export function contentSize(content: ResourceContent): number {
  return content.kind === 'text'
    ? Buffer.byteLength(content.text, 'utf8')
    : base64DecodedLength(content.base64);
}

/** Throws 413 RESOURCE_TOO_LARGE when the content is bigger than `maxBytes`; returns its size otherwise. */
export function assertContentSize(content: ResourceContent, maxBytes: number): number {
  const size = contentSize(content);
  if (size > maxBytes)
    throw new ResourcesException(
      'RESOURCE_TOO_LARGE',
      `Resource content is ${size} bytes; the limit (MAX_RESOURCE_SIZE) is ${maxBytes} bytes`,
    );
  return size;
}
