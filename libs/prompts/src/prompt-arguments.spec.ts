import { describe, expect, it } from 'vitest';
import {
  argumentSchemaProblem,
  argumentsToSchema,
  duplicateArgumentNames,
  missingRequiredArguments,
  schemaToArguments,
} from './prompt-arguments.js';

describe('prompt arguments', () => {
  describe(argumentsToSchema.name, () => {
    it('makes every argument a string property and lists the required ones', () => {
      const sut = argumentsToSchema([
        { name: 'user', description: 'Who to greet', required: true },
        { name: 'tone', required: false },
        { name: 'lang' },
      ]);
      expect(sut).toEqual({
        type: 'object',
        properties: {
          user: { type: 'string', description: 'Who to greet' },
          tone: { type: 'string' },
          lang: { type: 'string' },
        },
        required: ['user'],
      });
    });

    it('describes no arguments as an object without properties', () => {
      expect(argumentsToSchema([])).toEqual({ type: 'object', properties: {}, required: [] });
    });
  });

  describe(schemaToArguments.name, () => {
    it('lists the properties in order, with their description and whether they are required', () => {
      const sut = schemaToArguments({
        type: 'object',
        properties: { user: { type: 'string', description: 'Who' }, count: { type: 'integer' } },
        required: ['user'],
      });
      expect(sut).toEqual([
        { name: 'user', description: 'Who', required: true },
        { name: 'count', required: false },
      ]);
    });

    it('also lists names that are required without being declared', () => {
      expect(schemaToArguments({ type: 'object', required: ['token'] })).toEqual([
        { name: 'token', required: true },
      ]);
    });

    it('ignores descriptions that are not strings and a required list that is not a list', () => {
      expect(schemaToArguments({ properties: { a: { description: 42 } }, required: 'a' })).toEqual([
        { name: 'a', required: false },
      ]);
    });

    it('gives back what argumentsToSchema was given', () => {
      const args = [
        { name: 'user', description: 'Who to greet', required: true },
        { name: 'tone', required: false },
      ];
      expect(schemaToArguments(argumentsToSchema(args))).toEqual(args);
    });
  });

  describe(missingRequiredArguments.name, () => {
    const schema = { type: 'object', required: ['user', 'lang', 'tone'] };

    it('names the required arguments that are absent, undefined or null, in schema order', () => {
      expect(missingRequiredArguments(schema, { tone: null, lang: undefined })).toEqual([
        'user',
        'lang',
        'tone',
      ]);
    });

    it('counts empty strings, zero and false as given', () => {
      expect(missingRequiredArguments(schema, { user: '', lang: 0, tone: false })).toEqual([]);
    });

    it('does not count inherited names as given', () => {
      expect(missingRequiredArguments({ required: ['constructor'] }, {})).toEqual(['constructor']);
    });

    it('finds nothing missing when nothing is required', () => {
      expect(missingRequiredArguments({ type: 'object', properties: { a: {} } }, {})).toEqual([]);
    });
  });

  describe(argumentSchemaProblem.name, () => {
    it.each([
      [
        'a complete object schema',
        { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      ],
      ['a schema without type', { properties: {} }],
      ['an empty schema', {}],
    ])('accepts %s', (_what, schema) => {
      expect(argumentSchemaProblem(schema)).toBeNull();
    });

    it.each([
      ['a string schema', { type: 'string' }, /must describe an object/],
      ['properties that are a list', { properties: [] }, /properties must be an object/],
      ['required names that are not strings', { required: [1] }, /required must be a list/],
      ['a required flag instead of a list', { required: true }, /required must be a list/],
    ])('refuses %s', (_what, schema, reason) => {
      expect(argumentSchemaProblem(schema)).toMatch(reason);
    });
  });

  describe(duplicateArgumentNames.name, () => {
    it('names each repeated name once', () => {
      expect(duplicateArgumentNames([{ name: 'a' }, { name: 'b' }, { name: 'a' }, { name: 'a' }])).toEqual([
        'a',
      ]);
      expect(duplicateArgumentNames([{ name: 'a' }, { name: 'b' }])).toEqual([]);
    });
  });
});
