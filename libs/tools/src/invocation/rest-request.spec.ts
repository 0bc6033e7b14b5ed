import { describe, expect, it } from 'vitest';
import { buildRestRequest, compileUrlTemplate, type UrlTemplate } from './rest-request.js';

function template(url: string): UrlTemplate {
  const compiled = compileUrlTemplate(url);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled;
}

describe(compileUrlTemplate.name, () => {
  it('splits the path around its placeholders and keeps origin and query', () => {
    expect(template('https://api.example.com:8443/users/{userId}/posts/{postId}?v=2')).toEqual({
      origin: 'https://api.example.com:8443',
      literals: ['/users/', '/posts/', ''],
      names: ['userId', 'postId'],
      query: 'v=2',
    });
  });

  it('refuses URLs that are not http(s)', () => {
    expect(compileUrlTemplate('file:///etc/passwd')).toBe('only http and https URLs can be called, not file');
    expect(compileUrlTemplate('gopher://h/x')).toMatch(/not gopher/);
    expect(compileUrlTemplate('not a url')).toBe('the tool URL is not a valid URL');
  });
});

describe(buildRestRequest.name, () => {
  const items = template('http://127.0.0.1:9/items/{id}/parts?fixed=1');

  it('fills path parameters URL-encoded and puts the rest in the query string for GET', () => {
    expect(buildRestRequest(items, 'GET', { id: 'a b/c?', q: 'x&y', n: 3, flag: true })).toEqual({
      origin: 'http://127.0.0.1:9',
      path: '/items/a%20b%2Fc%3F/parts?fixed=1&q=x%26y&n=3&flag=true',
      method: 'GET',
      body: undefined,
    });
  });

  it('repeats array values, sends objects as JSON and skips null in the query string', () => {
    const request = buildRestRequest(template('http://h/s'), 'delete', {
      tag: ['a', 'b'],
      filter: { k: 1 },
      none: null,
    });
    expect(request).toMatchObject({
      method: 'DELETE',
      path: `/s?tag=a&tag=b&filter=${encodeURIComponent('{"k":1}')}`,
    });
  });

  it('sends the arguments not used in the path as a JSON body for POST, PUT and PATCH', () => {
    for (const method of ['POST', 'PUT', 'PATCH']) {
      expect(buildRestRequest(items, method, { id: 7, name: 'x', nested: { a: [1] } })).toEqual({
        origin: 'http://127.0.0.1:9',
        path: '/items/7/parts?fixed=1',
        method,
        body: '{"name":"x","nested":{"a":[1]}}',
      });
    }
    expect(buildRestRequest(template('http://h/p'), 'POST', {})).toMatchObject({ body: '{}' });
  });

  it('names a missing path argument', () => {
    expect(buildRestRequest(items, 'GET', { q: 1 })).toBe('missing path argument "id"');
    expect(buildRestRequest(items, 'GET', { id: null })).toBe('missing path argument "id"');
  });

  it('refuses path arguments that would change the path', () => {
    expect(buildRestRequest(items, 'GET', { id: '..' })).toBe('path argument "id" must not be ".."');
    expect(buildRestRequest(items, 'GET', { id: '' })).toBe('path argument "id" must not be ""');
    expect(buildRestRequest(items, 'GET', { id: { a: 1 } })).toBe(
      'path argument "id" must be a string, number or boolean',
    );
  });

  it('refuses methods that are not HTTP methods of REST tools', () => {
    expect(buildRestRequest(items, 'SSE', { id: 1 })).toMatch(
      /must be GET, POST, PUT, PATCH or DELETE, not SSE/,
    );
  });
});
