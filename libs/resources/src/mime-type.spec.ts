import { describe, expect, it } from 'vitest';
import {
  assertMimeTypeAllowed,
  baseMimeType,
  detectMimeType,
  isMimeTypeAllowed,
  mimeTypeFromContent,
  mimeTypeFromUri,
} from './mime-type.js';
import { ResourcesException } from './resources.exception.js';

const b64 = (...bytes: number[]): string =>
  Buffer.from([...bytes, 0, 0, 0, 0, 0, 0, 0, 0]).toString('base64');
const ascii = (text: string, ...rest: number[]): number[] => [...Buffer.from(text, 'latin1'), ...rest];

describe(mimeTypeFromUri.name, () => {
  it.each([
    ['file:///images/logo.png', 'image/png'],
    ['https://example.com/data/report.json?v=2#top', 'application/json'],
    ['config://docs/readme.md', 'text/markdown'],
    ['file:///a/b.CSV', 'text/csv'],
  ])('%s → %s', (uri, type) => expect(mimeTypeFromUri(uri)).toBe(type));

  it.each([
    ['a path without extension', 'config://app/settings'],
    ['a host that looks like a file name', 'https://example.com'],
    ['an opaque URI', 'mailto:someone@example.com'],
    ['an unknown extension', 'file:///x.nosuchext'],
  ])('gives nothing for %s', (_what, uri) => expect(mimeTypeFromUri(uri)).toBeUndefined());
});

describe(mimeTypeFromContent.name, () => {
  it.each([
    ['an object', '{"a": 1}', 'application/json'],
    ['an array after blanks', '  [1, 2]', 'application/json'],
    ['text that only starts like JSON', '{not json', 'text/plain'],
    ['key=value text', 'key=value', 'text/plain'],
    ['a bare JSON number', '42', 'text/plain'],
  ])('recognises %s', (_what, text, type) => expect(mimeTypeFromContent({ kind: 'text', text })).toBe(type));

  it.each([
    ['PNG', b64(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'image/png'],
    ['JPEG', b64(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['GIF', b64(...ascii('GIF89a')), 'image/gif'],
    ['WEBP', b64(...ascii('RIFF'), 1, 2, 3, 4, ...ascii('WEBPVP8 ')), 'image/webp'],
    ['PDF', b64(...ascii('%PDF-1.7')), 'application/pdf'],
    [
      'a RIFF that is not WEBP',
      b64(...ascii('RIFF'), 1, 2, 3, 4, ...ascii('WAVE')),
      'application/octet-stream',
    ],
    ['unknown bytes', b64(1, 2, 3), 'application/octet-stream'],
    ['no bytes', '', 'application/octet-stream'],
  ])('recognises %s by its magic bytes', (_what, base64, type) =>
    expect(mimeTypeFromContent({ kind: 'binary', base64 })).toBe(type),
  );
});

describe(detectMimeType.name, () => {
  it('prefers the URI extension over the content', () => {
    expect(detectMimeType('file:///notes.md', { kind: 'text', text: '{"a":1}' })).toBe('text/markdown');
  });

  it('falls back to the content', () => {
    expect(detectMimeType('config://app/settings', { kind: 'text', text: '{"a":1}' })).toBe(
      'application/json',
    );
  });

  it('gives nothing without extension or content', () => {
    expect(detectMimeType('config://app/{name}', undefined)).toBeUndefined();
  });
});

describe(baseMimeType.name, () => {
  it('drops parameters and case', () => {
    expect(baseMimeType('Text/Plain; charset=utf-8')).toBe('text/plain');
  });
});

describe(isMimeTypeAllowed.name, () => {
  const allowed = ['text/plain', 'image/*'];

  it.each([
    ['an exact match', 'text/plain'],
    ['a type with parameters', 'text/plain; charset=utf-8'],
    ['another case', 'TEXT/PLAIN'],
    ['a member of an allowed family', 'image/avif'],
  ])('allows %s', (_what, type) => expect(isMimeTypeAllowed(type, allowed)).toBe(true));

  it.each([
    ['a type not listed', 'application/json'],
    ['a type that only shares a prefix', 'text/plainx'],
  ])('refuses %s', (_what, type) => expect(isMimeTypeAllowed(type, allowed)).toBe(false));
});

describe(assertMimeTypeAllowed.name, () => {
  it('throws 422 RESOURCE_MIME_NOT_ALLOWED naming the type and the allowed list', () => {
    let error: unknown;
    try {
      assertMimeTypeAllowed('application/pdf', ['text/plain', 'image/png']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResourcesException);
    expect(error).toMatchObject({ code: 'RESOURCE_MIME_NOT_ALLOWED', status: 422 });
    expect((error as Error).message).toContain('application/pdf');
    expect((error as Error).message).toContain('text/plain, image/png');
  });

  it('passes an allowed type', () => {
    expect(() => assertMimeTypeAllowed('image/png', ['image/png'])).not.toThrow();
  });
});
