import { JsonSchemaValidator } from '@app/common';
import { describe, expect, it } from 'vitest';
import { applyJsonPathFilter, shapeToolResult, withStructuredContent } from './result-shaping.js';
import { type ToolCallResult, toolErrorResult } from './tool-invoker.js';

const validator = new JsonSchemaValidator();
const check = (schema: Record<string, unknown>, data: unknown) => validator.validate(schema, data);

/** A result as the REST invoker gives a JSON object answer: the text and the same value as structuredContent. */
function jsonResult(value: Record<string, unknown>): ToolCallResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

const weather = {
  city: 'Oslo',
  current: { temperature: 21, units: 'C' },
  days: [
    { day: 'mon', high: 20 },
    { day: 'tue', high: 25 },
  ],
};

describe(applyJsonPathFilter.name, () => {
  it('replaces text and structuredContent with the one value of a definite path', () => {
    expect(applyJsonPathFilter(jsonResult(weather), '$.current')).toEqual({
      content: [{ type: 'text', text: '{"temperature":21,"units":"C"}' }],
      structuredContent: { temperature: 21, units: 'C' },
    });
  });

  it('wraps a value that is not an object as {result}', () => {
    expect(applyJsonPathFilter(jsonResult(weather), '$.current.temperature')).toEqual({
      content: [{ type: 'text', text: '21' }],
      structuredContent: { result: 21 },
    });
  });

  it('gives an array for wildcards and filters, even with a single match', () => {
    expect(applyJsonPathFilter(jsonResult(weather), '$.days[*].high')).toMatchObject({
      structuredContent: { result: [20, 25] },
    });
    expect(applyJsonPathFilter(jsonResult(weather), '$.days[?(@.high > 22)].day')).toMatchObject({
      content: [{ type: 'text', text: '["tue"]' }],
      structuredContent: { result: ['tue'] },
    });
    expect(applyJsonPathFilter(jsonResult(weather), '$..units')).toMatchObject({
      structuredContent: { result: ['C'] },
    });
  });

  it('reads the JSON of a single text block when there is no structuredContent', () => {
    const text: ToolCallResult = { content: [{ type: 'text', text: '[{"id":1},{"id":2}]' }] };
    expect(applyJsonPathFilter(text, '$[1].id')).toEqual({
      content: [{ type: 'text', text: '2' }],
      structuredContent: { result: 2 },
    });
  });

  it('keeps _meta', () => {
    const result = { ...jsonResult(weather), _meta: { trace: 'x' } };
    expect(applyJsonPathFilter(result, '$.city')).toMatchObject({ _meta: { trace: 'x' } });
  });

  it('says why when it cannot apply: no match, no JSON, bad syntax, failed evaluation', () => {
    expect(applyJsonPathFilter(jsonResult(weather), '$.nothing')).toBe('it matched nothing in the result');
    expect(applyJsonPathFilter({ content: [{ type: 'text', text: 'sunny' }] }, '$.a')).toBe(
      'the result holds no JSON to apply it to',
    );
    expect(applyJsonPathFilter(jsonResult(weather), '$.days[')).toBe('it does not parse (missing ])');
    expect(applyJsonPathFilter(jsonResult(weather), "$['city")).toBe(
      "it does not parse (unterminated ' quote)",
    );
    expect(applyJsonPathFilter(jsonResult(weather), '$.a)')).toBe(
      'it does not parse (unexpected ) at position 4)',
    );
    expect(applyJsonPathFilter(jsonResult(weather), ' ')).toBe('it does not parse (it is empty)');
    expect(applyJsonPathFilter(jsonResult(weather), '$.days[?(@.constructor)]')).toMatch(
      /^it could not be evaluated/,
    );
  });
});

describe(withStructuredContent.name, () => {
  it('fills structuredContent from a single JSON-object text block, and only then', () => {
    expect(withStructuredContent({ content: [{ type: 'text', text: '{"a":1}' }] })).toEqual({
      content: [{ type: 'text', text: '{"a":1}' }],
      structuredContent: { a: 1 },
    });
    const array = { content: [{ type: 'text' as const, text: '[1]' }] };
    expect(withStructuredContent(array)).toBe(array);
    const existing = jsonResult({ b: 2 });
    expect(withStructuredContent(existing)).toBe(existing);
  });
});

describe(shapeToolResult.name, () => {
  const schema = {
    type: 'object',
    properties: { temperature: { type: 'number' }, units: { type: 'string' } },
    required: ['temperature', 'units'],
  };

  it('leaves results alone when the tool has neither filter nor schema, and error results always', () => {
    const result = jsonResult(weather);
    expect(shapeToolResult(result, { name: 't' }, check)).toBe(result);
    const failed = toolErrorResult('HTTP 500');
    expect(shapeToolResult(failed, { name: 't', jsonpathFilter: '$.x', outputSchema: schema }, check)).toBe(
      failed,
    );
  });

  it('filters, then validates the filtered result against the output schema', () => {
    expect(
      shapeToolResult(
        jsonResult(weather),
        { name: 't', jsonpathFilter: '$.current', outputSchema: schema },
        check,
      ),
    ).toEqual({
      content: [{ type: 'text', text: '{"temperature":21,"units":"C"}' }],
      structuredContent: { temperature: 21, units: 'C' },
    });
  });

  it('answers isError naming the filter when it fails', () => {
    expect(
      shapeToolResult(jsonResult(weather), { name: 'weather', jsonpathFilter: '$.nope' }, check),
    ).toEqual(
      toolErrorResult('Tool weather: its jsonpath_filter "$.nope" failed: it matched nothing in the result'),
    );
  });

  it('answers isError naming the problems when the structured result does not match the output schema', () => {
    expect(shapeToolResult(jsonResult(weather), { name: 'weather', outputSchema: schema }, check)).toEqual(
      toolErrorResult(
        "Tool weather: the result does not match its outputSchema: (root): must have required property 'temperature'; (root): must have required property 'units'",
      ),
    );
  });

  it('validates the JSON text of an upstream that sent no structuredContent, and adds it', () => {
    const text: ToolCallResult = { content: [{ type: 'text', text: '{"temperature":3,"units":"F"}' }] };
    expect(shapeToolResult(text, { name: 't', outputSchema: schema }, check)).toEqual({
      ...text,
      structuredContent: { temperature: 3, units: 'F' },
    });
  });

  it('answers isError when a tool with an output schema gives no structured content', () => {
    expect(
      shapeToolResult(
        { content: [{ type: 'text', text: 'hot' }] },
        { name: 't', outputSchema: schema },
        check,
      ),
    ).toEqual(
      toolErrorResult(
        'Tool t: the result has no structured (JSON object) content, but the tool declares an outputSchema',
      ),
    );
  });
});
