import { describe, expect, it } from 'vitest';
import { argumentLocations, buildRestRequest, compileUrlTemplate, type UrlTemplate } from './rest-request.js';

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

describe(argumentLocations.name, () => {
  it('reads the x-in hints of the properties, and nothing when there are none', () => {
    expect(
      argumentLocations({
        type: 'object',
        properties: {
          id: { type: 'string', 'x-in': 'path' },
          q: { type: 'string', 'x-in': 'query' },
          'X-Trace': { type: 'string', 'x-in': 'header' },
          name: { type: 'string', 'x-in': 'body' },
          plain: { type: 'string' },
          odd: { type: 'string', 'x-in': 'cookie' },
        },
      }),
    ).toEqual(
      new Map([
        ['id', 'path'],
        ['q', 'query'],
        ['X-Trace', 'header'],
        ['name', 'body'],
      ]),
    );
    expect(argumentLocations({ type: 'object', properties: { a: { type: 'string' } } })).toBeUndefined();
    expect(argumentLocations({ type: 'object' })).toBeUndefined();
    expect(argumentLocations(undefined)).toBeUndefined();
  });

  it('ignores header hints on headers that frame the request or carry credentials', () => {
    expect(
      argumentLocations({
        properties: {
          Authorization: { 'x-in': 'header' },
          host: { 'x-in': 'header' },
          'Content-Length': { 'x-in': 'header' },
        },
      }),
    ).toBeUndefined();
  });
});

describe(`${buildRestRequest.name} with x-in hints`, () => {
  const pets = template('http://127.0.0.1:9/pets/{petId}?v=1');
  const hinted = (properties: Record<string, string>) =>
    new Map(Object.entries(properties)) as ReturnType<typeof argumentLocations> & object;

  it('puts query hints in the query string and body hints in the body of a POST', () => {
    const locations = hinted({ petId: 'path', dryRun: 'query', name: 'body', tags: 'body' });
    expect(
      buildRestRequest(pets, 'POST', { petId: 4, dryRun: true, name: 'Rex', tags: ['a'] }, locations),
    ).toEqual({
      origin: 'http://127.0.0.1:9',
      path: '/pets/4?v=1&dryRun=true',
      method: 'POST',
      body: '{"name":"Rex","tags":["a"]}',
    });
  });

  it('sends header arguments as headers, lower-cased, arrays joined with commas', () => {
    const locations = hinted({ 'X-Request-Id': 'header', 'X-Tags': 'header', limit: 'query' });
    expect(
      buildRestRequest(
        pets,
        'GET',
        { petId: 'a', 'X-Request-Id': 'r1', 'X-Tags': ['a', 'b'], limit: 5 },
        locations,
      ),
    ).toEqual({
      origin: 'http://127.0.0.1:9',
      path: '/pets/a?v=1&limit=5',
      method: 'GET',
      body: undefined,
      headers: { 'x-request-id': 'r1', 'x-tags': 'a,b' },
    });
  });

  it('refuses header values that would split the request', () => {
    expect(
      buildRestRequest(pets, 'GET', { petId: 1, 'X-A': 'x\r\nHost: evil' }, hinted({ 'X-A': 'header' })),
    ).toBe('header argument "X-A" must not contain line breaks or NUL');
  });

  it('sends a requestBody argument as the whole JSON body', () => {
    const locations = hinted({ body: 'requestBody', dryRun: 'query' });
    expect(buildRestRequest(pets, 'PUT', { petId: 1, body: [1, 2], dryRun: false }, locations)).toMatchObject(
      {
        path: '/pets/1?v=1&dryRun=false',
        body: '[1,2]',
      },
    );
    expect(buildRestRequest(pets, 'PUT', { petId: 1 }, locations)).toMatchObject({ body: undefined });
  });

  it('sends no body when nothing goes there and the schema declares no body fields', () => {
    expect(buildRestRequest(pets, 'POST', { petId: 1, q: 'x' }, hinted({ q: 'query' }))).toMatchObject({
      path: '/pets/1?v=1&q=x',
      body: undefined,
    });
    expect(buildRestRequest(pets, 'POST', { petId: 1 }, hinted({ q: 'query', name: 'body' }))).toMatchObject({
      body: '{}',
    });
  });

  it('puts unhinted arguments where the method puts them, and body hints of a GET in the query', () => {
    const locations = hinted({ q: 'query', name: 'body' });
    expect(buildRestRequest(pets, 'POST', { petId: 1, extra: 1 }, locations)).toMatchObject({
      body: '{"extra":1}',
    });
    expect(buildRestRequest(pets, 'GET', { petId: 1, extra: 1, name: 'n' }, locations)).toMatchObject({
      path: '/pets/1?v=1&extra=1&name=n',
      body: undefined,
    });
  });
});
