import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase } from './support/db-snapshot.js';
import { e2eDatabase, type Json } from './support/gateway-process.js';
import { useGateway } from './support/gateway-fixture.js';

interface Route {
  method: 'POST' | 'PUT';
  path: string;
  schema?: Json;
}

/** A body of the wrong type for every declared property of the route's schema. */
function wrongTypes(schema: Json, components: Json): Record<string, unknown> | undefined {
  const resolved = schema?.$ref ? components[schema.$ref.split('/').pop()] : schema;
  if (!resolved?.properties) return undefined;
  const body: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries<Json>(resolved.properties)) {
    const type = prop.type ?? (prop.$ref || prop.allOf ? 'object' : 'string');
    body[name] =
      type === 'string'
        ? { not: 'a string' }
        : type === 'array'
          ? 'not an array'
          : type === 'object'
            ? 42
            : 'not a number';
  }
  return body;
}

let nested: unknown = 'deep';
for (let i = 0; i < 2000; i++) nested = { a: nested };

const MALFORMED: [string, unknown][] = [
  ['truncated JSON', '{"name": '],
  ['a JSON array', '[1, 2, 3]'],
  ['JSON null', 'null'],
  ['a JSON string', '"just a string"'],
  ['a JSON number', '12345'],
  ['an empty object', '{}'],
  ['operator injection', { name: { $ne: null }, uri: { $gt: '' } }],
  [
    'prototype pollution',
    '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
  ],
  ['deep nesting', nested],
  ['a 2 MB string field', { name: 'x'.repeat(2 * 1024 * 1024), description: 'y'.repeat(1024) }],
  ['control characters', { name: 'a\u0000b\u0007c', uri: '\u0000', template: '\uD800' }],
];

describe(`malformed bodies on every POST/PUT route (${e2eDatabase()})`, () => {
  const fx = useGateway();
  let routes: Route[] = [];
  let components: Json = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Something to point path parameters at, so routes get past their 404.
    ids.tool = (await fx.api.post('/tools', { name: 'fuzz_target', url: 'http://localhost:1/x' })).body.id;
    const spec = (await fx.api.get('/openapi.json')).body;
    components = spec.components?.schemas ?? {};
    routes = Object.entries<Json>(spec.paths).flatMap(([path, ops]) =>
      (['post', 'put'] as const)
        .filter((m) => ops[m])
        .map((m) => ({
          method: m.toUpperCase() as Route['method'],
          path,
          schema: ops[m].requestBody?.content?.['application/json']?.schema,
        })),
    );
  });

  it('finds the POST and PUT routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(4);
  });

  it('never answers 500, always answers JSON, and writes nothing for a refused body', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/\{[^}]+\}/g, (param) =>
        /id/i.test(param) ? ids.tool : 'fuzz_target',
      );
      const bodies = [...MALFORMED];
      const typed = wrongTypes(route.schema, components);
      if (typed) bodies.push(['every field of the wrong type', typed]);
      for (const [what, body] of bodies) {
        const before = await snapshotDatabase(fx.db);
        const res = await fx.api.request(route.method, path, body);
        const label = `${route.method} ${route.path} with ${what}: ${res.status}`;
        if (res.status >= 500) failures.push(`${label} ${JSON.stringify(res.body)}`);
        else if (res.status >= 400) {
          if (typeof res.body?.detail !== 'string') failures.push(`${label} without a JSON detail`);
          if ((await snapshotDatabase(fx.db)) !== before) failures.push(`${label} but the database changed`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The process is still healthy and nothing leaked into shared prototypes.
    expect((await fetch(`${fx.gw.url}/health`)).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
