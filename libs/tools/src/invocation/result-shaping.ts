/**
 * What a successful tool result becomes before the caller sees it: narrowed by the tool's jsonpath_filter, then
 * checked against its outputSchema. Pure: the schema validator is passed in.
 */
import { JSONPath } from 'jsonpath-plus';
import { type ToolCallResult, toolErrorResult } from './tool-invoker.js';

/** The tool fields that shape its results. */
export interface ResultShape {
  name: string;
  jsonpathFilter?: string | null;
  outputSchema?: Record<string, unknown> | null;
}

/** Validates `data` against `schema`: null when it conforms, else a readable list of problems. */
export type SchemaCheck = (schema: Record<string, unknown>, data: unknown) => string | null;

/**
 * The result as the caller gets it. Error results pass untouched. A filter that cannot be applied, or a
 * structured result that does not match the output schema, becomes an error result that says so: both are
 * problems of the tool's registration, which the model cannot fix by calling again.
 */
export function shapeToolResult(
  result: ToolCallResult,
  tool: ResultShape,
  check: SchemaCheck,
): ToolCallResult {
  if (result.isError) return result;
  let shaped = result;
  if (tool.jsonpathFilter) {
    const filtered = applyJsonPathFilter(result, tool.jsonpathFilter);
    if (typeof filtered === 'string')
      return toolErrorResult(
        `Tool ${tool.name}: its jsonpath_filter ${JSON.stringify(tool.jsonpathFilter)} failed: ${filtered}`,
      );
    shaped = filtered;
  }
  if (tool.outputSchema) {
    shaped = withStructuredContent(shaped);
    if (shaped.structuredContent === undefined)
      return toolErrorResult(
        `Tool ${tool.name}: the result has no structured (JSON object) content, but the tool declares an outputSchema`,
      );
    const problems = check(tool.outputSchema, shaped.structuredContent);
    if (problems !== null)
      return toolErrorResult(`Tool ${tool.name}: the result does not match its outputSchema: ${problems}`);
  }
  return shaped;
}

/**
 * Evaluates `expression` against the result's structuredContent, or else against the JSON of its single text
 * block. The value found replaces both (as JSON text, and as structuredContent wrapped in `{result: …}` when
 * it is not an object). A definite path (no wildcard, filter, slice, union or `..`) gives its one value; any
 * other path gives the array of what it matched. Returns why instead when the filter cannot be applied.
 */
export function applyJsonPathFilter(result: ToolCallResult, expression: string): ToolCallResult | string {
  const syntax = syntaxProblem(expression);
  if (syntax !== null) return `it does not parse (${syntax})`;
  const source = result.structuredContent ?? jsonOfSingleText(result);
  if (source === undefined) return 'the result holds no JSON to apply it to';

  let matches: unknown[];
  try {
    matches = JSONPath<unknown[]>({ path: expression, json: source as object, wrap: true, eval: 'safe' });
  } catch (error) {
    return `it could not be evaluated (${error instanceof Error ? error.message : String(error)})`;
  }
  if (matches.length === 0) return 'it matched nothing in the result';
  const value = isDefinite(expression) && matches.length === 1 ? matches[0] : matches;
  return {
    ...result,
    content: [{ type: 'text', text: JSON.stringify(value) }],
    structuredContent: isPlainObject(value) ? value : { result: value },
  };
}

/** The result with structuredContent taken from its single JSON-object text block when it has none. */
export function withStructuredContent(result: ToolCallResult): ToolCallResult {
  if (result.structuredContent !== undefined) return result;
  const json = jsonOfSingleText(result);
  return isPlainObject(json) ? { ...result, structuredContent: json } : result;
}

function jsonOfSingleText(result: ToolCallResult): unknown {
  if (result.content.length !== 1) return undefined;
  const [block] = result.content;
  if (block.type !== 'text') return undefined;
  try {
    return JSON.parse(block.text) as unknown;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path that names at most one value: only names and indexes, no `*`, `..`, filters, slices or unions. */
function isDefinite(expression: string): boolean {
  return JSONPath.toPathArray(expression).every(
    (segment) => segment !== '*' && segment !== '..' && !/[?():,@]/.test(segment),
  );
}

/**
 * jsonpath-plus reads an unbalanced path as a shorter one (`$.a[` as `$.a`); such a path is a typo that
 * should be reported, not quietly evaluated. Returns what is wrong, or null.
 */
function syntaxProblem(expression: string): string | null {
  if (expression.trim() === '') return 'it is empty';
  const closers: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '[' || c === '(') {
      closers.push(c === '[' ? ']' : ')');
    } else if (c === ']' || c === ')') {
      if (closers.pop() !== c) return `unexpected ${c} at position ${i + 1}`;
    }
  }
  if (quote !== null) return `unterminated ${quote} quote`;
  if (closers.length > 0) return `missing ${closers.reverse().join('')}`;
  return null;
}
