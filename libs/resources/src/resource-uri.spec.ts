import { describe, expect, it } from 'vitest';
import { isResourceUri, isUriTemplate, uriFromRequestPath, uriPath } from './resource-uri.js';

describe(isResourceUri.name, () => {
  it.each(['config://app/settings', 'file:///x.txt', 'https://example.com/a?b=1', 'urn:isbn:0451450523'])(
    'accepts %s',
    (uri) => expect(isResourceUri(uri)).toBe(true),
  );

  it.each([
    ['no scheme', 'app/settings'],
    ['nothing after the scheme', 'config:'],
    ['a scheme starting with a digit', '1x://a'],
    ['a space', 'config://app/my settings'],
    ['a control character', 'config://app/\u0000'],
    ['more than 767 characters', `config://${'a'.repeat(760)}`],
  ])('refuses %s', (_what, uri) => expect(isResourceUri(uri)).toBe(false));
});

describe(uriPath.name, () => {
  it.each([
    ['config://app/settings', '/settings'],
    ['file:///x/y.png', '/x/y.png'],
    ['https://example.com', ''],
    ['https://example.com/a.json?x=1#f', '/a.json'],
    ['urn:a:b.txt', 'a:b.txt'],
  ])('%s → %s', (uri, path) => expect(uriPath(uri)).toBe(path));
});

describe(uriFromRequestPath.name, () => {
  const sut = uriFromRequestPath;

  it('keeps the double slash of a URI sent as the rest of the path', () => {
    expect(sut('/resources/config://app/settings', '/resources/')).toBe('config://app/settings');
    expect(sut('/resources/file:///etc/x.txt', '/resources/')).toBe('file:///etc/x.txt');
  });

  it('decodes a percent-encoded URI', () => {
    expect(sut('/resources/config%3A%2F%2Fapp%2Fsettings', '/resources/')).toBe('config://app/settings');
  });

  it('leaves out the query string', () => {
    expect(sut('/resources/config://app/settings?x=1', '/resources/')).toBe('config://app/settings');
  });

  it('carries a ? that was sent percent-encoded', () => {
    expect(sut('/resources/https%3A%2F%2Fx.test%2Fa%3Fb%3D1', '/resources/')).toBe('https://x.test/a?b=1');
  });

  it('honours the global prefix and the subscribe path', () => {
    expect(sut('/gw/resources/subscribe/config://a/b', '/gw/resources/subscribe/')).toBe('config://a/b');
    expect(sut('/resources/config://a/b', '/gw/resources/')).toBeUndefined();
  });

  it('matches the prefix regardless of case, as the router does', () => {
    expect(sut('/Resources/config://a/b', '/resources/')).toBe('config://a/b');
  });

  it('keeps text that is not valid percent-encoding as it came', () => {
    expect(sut('/resources/config://100%', '/resources/')).toBe('config://100%');
  });

  it('gives undefined when nothing follows the prefix', () => {
    expect(sut('/resources/', '/resources/')).toBeUndefined();
    expect(sut('/resources/?x=1', '/resources/')).toBeUndefined();
  });
});

describe(isUriTemplate.name, () => {
  it.each([
    'file:///logs/{date}.log',
    'https://api.test/users/{id}{?fields,page}',
    '{+base}/x{#frag}',
    'db://{schema}/{table*}/{name:3}',
    'config://static',
  ])('accepts %s', (template) => expect(isUriTemplate(template)).toBe(true));

  it.each([
    ['an unclosed expression', 'file:///{date'],
    ['a stray closing brace', 'file:///date}'],
    ['an empty expression', 'file:///{}'],
    ['an unknown operator', 'file:///{!x}'],
    ['a space in a literal', 'file:///a b/{x}'],
    ['a hyphen in a variable name', 'file:///{a-b}'],
    ['a prefix length of 0', 'file:///{x:0}'],
    ['the empty string', ''],
  ])('refuses %s', (_what, template) => expect(isUriTemplate(template)).toBe(false));
});
