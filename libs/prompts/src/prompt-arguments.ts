/**
 * The two ways a prompt's arguments are described: the MCP list (`[{ name, description, required }]`, what
 * prompts/list answers) and a JSON Schema object (what arguments are validated against). Pure functions.
 */

/** One argument as MCP lists it. */
export interface PromptArgument {
  name: string;
  description?: string;
  required: boolean;
}

/** An argument as a client may send it: `required` defaults to false, as in MCP. */
export type PromptArgumentInput = Omit<PromptArgument, 'required'> & { required?: boolean };

/** The schema of a prompt that declares no arguments. */
export const EMPTY_ARGUMENT_SCHEMA: Readonly<Record<string, unknown>> = Object.freeze({
  type: 'object',
  properties: {},
  required: [],
});

/**
 * The JSON Schema equivalent to an MCP argument list: every argument is a string property (MCP sends
 * prompt arguments as strings), listed in `required` when it is required.
 *
 * @example
 *   argumentsToSchema([{ name: 'user', description: 'Who to greet', required: true }])
 *   // { type: 'object', properties: { user: { type: 'string', description: 'Who to greet' } }, required: ['user'] }
 */
export function argumentsToSchema(args: readonly PromptArgumentInput[]): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  for (const arg of args) {
    properties[arg.name] = {
      type: 'string',
      ...(arg.description !== undefined && { description: arg.description }),
    };
    if (arg.required === true) required.push(arg.name);
  }
  return { type: 'object', properties, required };
}

/**
 * The MCP argument list a schema describes: its properties in order, then names that are required without
 * being declared as properties (a client must still send them).
 *
 * @example
 *   schemaToArguments({ type: 'object', properties: { user: { type: 'string' } }, required: ['user'] })
 *   // [{ name: 'user', required: true }]
 */
export function schemaToArguments(schema: Readonly<Record<string, unknown>>): PromptArgument[] {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = requiredNames(schema);
  const names = [...Object.keys(properties), ...required.filter((name) => !Object.hasOwn(properties, name))];
  return names.map((name) => {
    const property = properties[name];
    const description = isPlainObject(property) ? property.description : undefined;
    return {
      name,
      ...(typeof description === 'string' && { description }),
      required: required.includes(name),
    };
  });
}

/**
 * The required arguments that `args` does not give (absent, undefined or null), in schema order.
 *
 * @example
 *   missingRequiredArguments({ type: 'object', required: ['user', 'lang'] }, { lang: 'en' }) // ['user']
 */
export function missingRequiredArguments(
  schema: Readonly<Record<string, unknown>>,
  args: Readonly<Record<string, unknown>>,
): string[] {
  return requiredNames(schema).filter(
    (name) => !Object.hasOwn(args, name) || args[name] === undefined || args[name] === null,
  );
}

/**
 * Why a schema cannot describe prompt arguments (which are always an object of named values), or null
 * when it can. Whether it is valid JSON Schema at all is checked separately.
 */
export function argumentSchemaProblem(schema: Readonly<Record<string, unknown>>): string | null {
  if (schema.type !== undefined && schema.type !== 'object')
    return 'argumentSchema must describe an object (type "object")';
  if (schema.properties !== undefined && !isPlainObject(schema.properties))
    return 'argumentSchema.properties must be an object';
  if (
    schema.required !== undefined &&
    !(Array.isArray(schema.required) && schema.required.every((n) => typeof n === 'string'))
  )
    return 'argumentSchema.required must be a list of argument names';
  return null;
}

/** Names that appear more than once in an argument list. */
export function duplicateArgumentNames(args: readonly { name: string }[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { name } of args) (seen.has(name) ? duplicates : seen).add(name);
  return [...duplicates];
}

function requiredNames(schema: Readonly<Record<string, unknown>>): string[] {
  return Array.isArray(schema.required)
    ? schema.required.filter((n): n is string => typeof n === 'string')
    : [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
