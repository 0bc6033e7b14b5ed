import { JsonSchemaValidator } from '@app/common';
import { describe, expect, it } from 'vitest';
import { OpenApiImportException } from './openapi-import.exception.js';
import { MAX_OPERATIONS, openApiToTools, sanitizeName } from './openapi-to-tools.js';

/** A small pet store in OpenAPI 3.0, with the shapes the importer has to handle. */
function petstore(): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 'Pets', version: '1' },
    servers: [
      {
        url: 'https://{region}.pets.example/v{major}/',
        variables: { region: { default: 'eu' }, major: { default: '2' } },
      },
    ],
    paths: {
      '/pets': {
        get: {
          operationId: 'listPets',
          summary: 'List pets',
          description: 'Pages through the pets.',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
            { $ref: '#/components/parameters/TraceId' },
            { name: 'Accept', in: 'header', schema: { type: 'string' } },
            { name: 'session', in: 'cookie', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/PetPage' } } },
            },
          },
        },
        post: {
          operationId: 'createPet',
          parameters: [{ name: 'dryRun', in: 'query', schema: { type: 'boolean' } }],
          requestBody: { $ref: '#/components/requestBodies/NewPet' },
          responses: {
            '201': {
              description: 'created',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
            },
          },
        },
      },
      '/pets/{petId}': {
        parameters: [
          { name: 'petId', in: 'path', required: true, schema: { type: 'integer' }, description: 'The pet' },
        ],
        get: {
          summary: 'One pet',
          responses: { '200': { $ref: '#/components/responses/PetFound' } },
        },
        delete: { operationId: 'deletePet', responses: { '204': { description: 'gone' } } },
        head: { operationId: 'headPet', responses: { '200': { description: 'ok' } } },
      },
      '/pets/{petId}/tags': {
        put: {
          operationId: 'setTags',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } },
          },
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array' } } } },
          },
        },
      },
      '/upload': {
        post: {
          operationId: 'upload',
          requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: {
      parameters: {
        TraceId: { name: 'X-Trace-Id', in: 'header', required: true, schema: { type: 'string' } },
      },
      requestBodies: {
        NewPet: {
          required: true,
          content: { 'application/json; charset=utf-8': { schema: { $ref: '#/components/schemas/NewPet' } } },
        },
      },
      responses: {
        PetFound: {
          description: 'found',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
        },
      },
      schemas: {
        NewPet: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', example: 'Rex' },
            tag: { type: 'string', nullable: true },
            weight: { type: 'number', minimum: 0, exclusiveMinimum: true },
            'x-ignored': { type: 'string' },
          },
          'x-vendor': 1,
        },
        Pet: {
          allOf: [
            { $ref: '#/components/schemas/NewPet' },
            { type: 'object', required: ['id'], properties: { id: { type: 'integer', readOnly: true } } },
          ],
        },
        PetPage: {
          type: 'object',
          properties: {
            items: { type: 'array', items: { $ref: '#/components/schemas/Pet' } },
            next: { $ref: '#/components/schemas/PetPage' },
          },
        },
      },
    },
  };
}

function toolsOf(doc: unknown, options = {}) {
  const conversion = openApiToTools(doc, options);
  return { ...conversion, byName: Object.fromEntries(conversion.tools.map((t) => [t.tool.name, t.tool])) };
}

function invalidMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenApiImportException);
    return (error as Error).message;
  }
  throw new Error('expected an OpenApiImportException');
}

describe(openApiToTools.name, () => {
  it('makes one REST tool per operation, named by operationId or method_path, with the server base URL', () => {
    const { baseUrl, tools, skipped } = toolsOf(petstore());
    expect(baseUrl).toBe('https://eu.pets.example/v2');
    expect(tools.map((t) => [t.operation, t.tool.name, t.tool.requestType, t.tool.url])).toEqual([
      ['listPets', 'listPets', 'GET', 'https://eu.pets.example/v2/pets'],
      ['createPet', 'createPet', 'POST', 'https://eu.pets.example/v2/pets'],
      ['GET /pets/{petId}', 'get_pets_petId', 'GET', 'https://eu.pets.example/v2/pets/{petId}'],
      ['deletePet', 'deletePet', 'DELETE', 'https://eu.pets.example/v2/pets/{petId}'],
      ['setTags', 'setTags', 'PUT', 'https://eu.pets.example/v2/pets/{petId}/tags'],
    ]);
    expect(skipped).toEqual([
      {
        operation: 'headPet',
        reason: 'HEAD operations cannot be REST tools (GET, POST, PUT, DELETE, PATCH only)',
      },
      {
        operation: 'upload',
        reason: 'its request body is multipart/form-data; only JSON bodies are supported',
      },
    ]);
  });

  it('builds the input schema from parameters, with x-in hints and required flags, ignoring Accept and cookies', () => {
    const { byName } = toolsOf(petstore());
    expect(byName.listPets.inputSchema).toEqual({
      type: 'object',
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 100, 'x-in': 'query' },
        'X-Trace-Id': { type: 'string', 'x-in': 'header' },
      },
      required: ['X-Trace-Id'],
    });
    expect(byName.get_pets_petId.inputSchema).toEqual({
      type: 'object',
      properties: { petId: { type: 'integer', description: 'The pet', 'x-in': 'path' } },
      required: ['petId'],
    });
  });

  it('adds the fields of a JSON object body, with 3.0 keywords rewritten and vendor keywords dropped', () => {
    const { byName } = toolsOf(petstore());
    expect(byName.createPet.inputSchema).toEqual({
      type: 'object',
      properties: {
        dryRun: { type: 'boolean', 'x-in': 'query' },
        name: { type: 'string', 'x-in': 'body' },
        tag: { type: ['string', 'null'], 'x-in': 'body' },
        weight: { type: 'number', exclusiveMinimum: 0, 'x-in': 'body' },
        'x-ignored': { type: 'string', 'x-in': 'body' },
      },
      required: ['name'],
    });
  });

  it('passes a body that is not an object as one "body" argument', () => {
    const { byName } = toolsOf(petstore());
    expect(byName.setTags.inputSchema).toEqual({
      type: 'object',
      properties: {
        petId: { type: 'string', 'x-in': 'path' },
        body: {
          type: 'array',
          items: { type: 'string' },
          description: 'The JSON request body',
          'x-in': 'requestBody',
        },
      },
      required: ['petId', 'body'],
    });
  });

  it('takes the output schema from the 2xx JSON response when it is an object, allOf merged and cycles cut', () => {
    const { byName } = toolsOf(petstore());
    expect(byName.createPet.outputSchema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        tag: { type: ['string', 'null'] },
        weight: { type: 'number', exclusiveMinimum: 0 },
        'x-ignored': { type: 'string' },
        id: { type: 'integer', readOnly: true },
      },
      required: ['name', 'id'],
    });
    const page = byName.listPets.outputSchema as { properties: Record<string, unknown> };
    expect(page.properties.next).toEqual({
      description: 'Recursive reference to #/components/schemas/PetPage (not expanded)',
    });
    expect(byName.setTags.outputSchema).toBeUndefined();
    expect(byName.deletePet.outputSchema).toBeUndefined();
  });

  it('gives every schema in a form the JSON Schema validator compiles', () => {
    const validator = new JsonSchemaValidator();
    for (const { tool } of toolsOf(petstore()).tools) {
      validator.assertValidSchema(tool.inputSchema);
      if (tool.outputSchema) validator.assertValidSchema(tool.outputSchema, 'outputSchema');
    }
  });

  it('describes tools by summary and description, and hints behaviour by method', () => {
    const { byName } = toolsOf(petstore());
    expect(byName.listPets.description).toBe('List pets\n\nPages through the pets.');
    expect(byName.deletePet.description).toBe('DELETE /pets/{petId}');
    expect(byName.listPets.annotations).toEqual({ title: 'List pets', readOnlyHint: true });
    expect(byName.deletePet.annotations).toEqual({ destructiveHint: true, idempotentHint: true });
  });

  it('prefixes names, and imports only the operations asked for', () => {
    const { tools, skipped } = toolsOf(petstore(), {
      namePrefix: 'pets',
      operations: ['listPets', 'get_pets_petId', 'nope'],
    });
    expect(tools.map((t) => t.tool.name)).toEqual(['pets_listPets', 'pets_get_pets_petId']);
    expect(skipped).toEqual([{ operation: 'nope', reason: 'no such operation in the document' }]);
    expect(toolsOf(petstore(), { namePrefix: 'pets.', operations: ['listPets'] }).tools[0].tool.name).toBe(
      'pets.listPets',
    );
  });

  it('uses baseUrl over the servers, and resolves relative servers against the document URL', () => {
    const { tools } = toolsOf(petstore(), {
      baseUrl: 'http://127.0.0.1:8080/api/',
      operations: ['listPets'],
    });
    expect(tools[0].tool.url).toBe('http://127.0.0.1:8080/api/pets');
    const relative = { ...petstore(), servers: [{ url: '/v3' }] };
    expect(toolsOf(relative, { documentUrl: 'http://10.0.0.5:9000/docs/openapi.json' }).baseUrl).toBe(
      'http://10.0.0.5:9000/v3',
    );
    const none = { ...petstore(), servers: undefined };
    expect(toolsOf(none, { documentUrl: 'http://h:1/openapi.yaml' }).baseUrl).toBe('http://h:1');
  });

  it('honours servers of a path item or an operation', () => {
    const doc = petstore();
    (doc.paths as Record<string, Record<string, unknown>>)['/pets'].servers = [
      { url: 'https://other.example/x' },
    ];
    const { byName } = toolsOf(doc);
    expect(byName.listPets.url).toBe('https://other.example/x/pets');
    expect(byName.deletePet.url).toBe('https://eu.pets.example/v2/pets/{petId}');
  });

  it('skips operations it cannot convert, naming why, and keeps the others', () => {
    const doc = {
      openapi: '3.1.0',
      servers: [{ url: 'http://api.example' }],
      paths: {
        '/a': { get: { operationId: 'a', parameters: [{ $ref: '#/components/parameters/Missing' }] } },
        '/b': {
          get: {
            operationId: 'b',
            responses: {
              '200': { description: 'x', content: { 'application/json': { schema: { $ref: '#/nowhere' } } } },
            },
          },
        },
        '/c/{id}': {
          get: {
            operationId: 'c',
            parameters: [
              { name: 'id', in: 'path', required: true },
              { name: 'id', in: 'query' },
            ],
          },
        },
        '/d': { get: {} },
        '/e': { post: { operationId: 'e', parameters: [{ name: 's', in: 'cookie', required: true }] } },
        '/f': { get: { operationId: 'get_d' } },
      },
    };
    const { tools, skipped } = toolsOf(doc);
    expect(tools.map((t) => t.tool.name)).toEqual(['get_d']);
    expect(skipped).toEqual([
      {
        operation: 'a',
        reason: 'a parameter refers to #/components/parameters/Missing, which the document does not have',
      },
      { operation: 'b', reason: 'it refers to #/nowhere, which the document does not have' },
      {
        operation: 'c',
        reason: 'the argument name id is used twice (parameters and body fields share one namespace)',
      },
      { operation: 'e', reason: 'it needs the cookie parameter s, which REST tools cannot send' },
      { operation: 'get_d', reason: 'its tool name get_d is already taken by GET /d in this document' },
    ]);
  });

  it('bounds what references fanning out can expand to', () => {
    const schemas: Record<string, unknown> = { L0: { type: 'string' } };
    for (let i = 1; i <= 20; i++) {
      const ref = { $ref: `#/components/schemas/L${i - 1}` };
      schemas[`L${i}`] = { type: 'object', properties: { a: ref, b: ref } };
    }
    const doc = {
      openapi: '3.1.0',
      servers: [{ url: 'http://api.example' }],
      paths: {
        '/bomb': {
          post: {
            operationId: 'bomb',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/L20' } } },
            },
          },
        },
      },
      components: { schemas },
    };
    expect(toolsOf(doc).skipped).toEqual([
      {
        operation: 'bomb',
        reason: 'its schemas expand to more than 20000 nodes once references are inlined',
      },
    ]);
  });

  it('bounds what a whole document can expand to, refusing it', () => {
    const schemas: Record<string, unknown> = { L0: { type: 'string' } };
    for (let i = 1; i <= 12; i++) {
      const ref = { $ref: `#/components/schemas/L${i - 1}` };
      schemas[`L${i}`] = { type: 'object', properties: { a: ref, b: ref } };
    }
    const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/L12' } } } };
    const paths = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`/p${i}`, { post: { operationId: `p${i}`, requestBody: body } }]),
    );
    const doc = {
      openapi: '3.1.0',
      servers: [{ url: 'http://api.example' }],
      paths,
      components: { schemas },
    };
    expect(invalidMessage(() => openApiToTools(doc))).toMatch(
      /its schemas expand to more than 400000 nodes once references are inlined; import fewer operations/,
    );
    expect(openApiToTools(doc, { operations: ['p1', 'p2'] }).tools).toHaveLength(2);
  });

  it('refuses documents it cannot read as a whole, with a clear message', () => {
    expect(invalidMessage(() => openApiToTools('hello'))).toBe(
      'Invalid OpenAPI document: it is not a JSON or YAML object',
    );
    expect(invalidMessage(() => openApiToTools({ swagger: '2.0', paths: {} }))).toMatch(
      /Swagger 2.0 documents are not supported; convert it to OpenAPI 3 first/,
    );
    expect(invalidMessage(() => openApiToTools({ info: {} }))).toMatch(/no "openapi" version field/);
    expect(invalidMessage(() => openApiToTools({ openapi: '4.0.0', paths: {} }))).toMatch(
      /OpenAPI 4.0.0 is not supported/,
    );
    expect(invalidMessage(() => openApiToTools({ openapi: '3.0.0' }))).toMatch(/no "paths" object/);
    expect(
      invalidMessage(() => openApiToTools({ openapi: '3.0.0', paths: {}, servers: [{ url: '/api' }] })),
    ).toMatch(/servers\[0\]\.url "\/api" is not an absolute http\(s\) URL .*pass baseUrl/);
    expect(
      invalidMessage(() => openApiToTools({ openapi: '3.0.0', paths: {} }, { baseUrl: 'ftp://x' })),
    ).toMatch(/baseUrl "ftp:\/\/x" is not an absolute http\(s\) URL/);
  });

  it('refuses documents with more operations than one import takes', () => {
    const paths = Object.fromEntries(
      Array.from({ length: MAX_OPERATIONS + 1 }, (_, i) => [`/p${i}`, { get: { operationId: `op${i}` } }]),
    );
    expect(
      invalidMessage(() => openApiToTools({ openapi: '3.0.0', servers: [{ url: 'http://h' }], paths })),
    ).toMatch(/more than 500 operations; choose the ones to import with "operations"/);
  });
});

describe(sanitizeName.name, () => {
  it.each([
    ['get_/pets/{petId}/tags', 'get_pets_petId_tags'],
    ['pets.list', 'pets_list'],
    ['--odd name!!', 'odd_name'],
    ['ünïcode', 'n_code'],
    ['{}', ''],
  ])('%s → %s', (raw, name) => {
    expect(sanitizeName(raw)).toBe(name);
  });
});
