import nunjucks from 'nunjucks';
import { LRUCache } from 'lru-cache';
import type { PromptSandboxOptions, SandboxFailure, SandboxResult } from './prompt-render.protocol.js';

/** Members through which JavaScript reaches prototypes and the Function constructor. */
const FORBIDDEN_MEMBERS: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);

// The parts of nunjucks its type declarations leave out.
interface AstNode {
  lineno: number;
  colno: number;
  findAll<T extends AstNode>(type: abstract new (...args: never[]) => T): T[];
}
interface LiteralNode extends AstNode {
  value: unknown;
}
interface LookupValNode extends AstNode {
  val: AstNode;
}
interface FilterNode extends AstNode {
  name: { value: string };
}
interface RenderContext {
  ctx: Record<string, unknown>;
  env: { globals: Record<string, unknown> };
}
interface RenderFrame {
  lookup(name: string): unknown;
}
interface NunjucksInternals {
  runtime: {
    memberLookup(obj: unknown, key: unknown): unknown;
    contextOrFrameLookup(context: RenderContext, frame: RenderFrame, name: string): unknown;
  };
  parser: { parse(src: string, extensions: unknown[], opts: unknown): AstNode };
  nodes: {
    LookupVal: abstract new () => LookupValNode;
    Literal: abstract new () => LiteralNode;
    Filter: abstract new () => FilterNode;
  };
  lib: { TemplateError: abstract new () => Error & { lineno?: number; colno?: number } };
}
interface EnvironmentInternals {
  opts: unknown;
  filters: Record<string, (...args: unknown[]) => unknown>;
  tests: Record<string, (...args: unknown[]) => unknown>;
  getFilter(name: string): unknown;
  getTest(name: string): unknown;
}

const internals = nunjucks as unknown as NunjucksInternals;
let lookupsSandboxed = false;

/**
 * Renders Jinja2-syntax prompt templates with nunjucks, with the lookups that let a template escape to
 * JavaScript closed (see {@link sandboxLookups}) and compiled templates cached. Every failure is returned,
 * never thrown.
 *
 * It changes nunjucks' shared runtime, so it belongs in a process of its own: the gateway runs it only in the
 * render worker process (prompt-render.worker.ts), never in its own.
 */
export class PromptTemplateSandbox {
  private readonly env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
  private readonly compiled: LRUCache<string, nunjucks.Template>;

  constructor(private readonly options: PromptSandboxOptions) {
    sandboxLookups();
    ownEntriesOnly(this.env as unknown as EnvironmentInternals);
    this.compiled = new LRUCache({ max: options.cacheSize });
  }

  /** Number of compiled templates in the cache. */
  get cachedTemplates(): number {
    return this.compiled.size;
  }

  /** Compiles each template (and caches it); fails on the first one that does not compile. */
  check(templates: readonly string[]): SandboxResult {
    for (const [index, source] of templates.entries()) {
      const failure = this.compile(source).failure;
      if (failure) return { ok: false, failure: { ...failure, index } };
    }
    return { ok: true, outputs: [] };
  }

  /** Renders each template with the same context; the outputs together stay under maxOutputBytes. */
  render(templates: readonly string[], context: Record<string, unknown>): SandboxResult {
    const outputs: string[] = [];
    let bytes = 0;
    for (const [index, source] of templates.entries()) {
      const { template, failure } = this.compile(source);
      if (!template) return { ok: false, failure: { ...(failure as SandboxFailure), index } };
      let output: string;
      try {
        output = template.render(context);
      } catch (error) {
        return { ok: false, failure: { kind: 'render', message: describeTemplateError(error), index } };
      }
      // UTF-8 needs at least one byte per UTF-16 unit, so a long string is refused before it is measured
      // (measuring flattens it, which for a string built by repeated concatenation can need a lot of memory).
      bytes +=
        output.length > this.options.maxOutputBytes ? output.length : Buffer.byteLength(output, 'utf8');
      if (bytes > this.options.maxOutputBytes) {
        return {
          ok: false,
          failure: {
            kind: 'output',
            message: `rendered output exceeds ${this.options.maxOutputBytes} bytes`,
            index,
          },
        };
      }
      outputs.push(output);
    }
    return { ok: true, outputs };
  }

  private compile(source: string): { template?: nunjucks.Template; failure?: SandboxFailure } {
    const cached = this.compiled.get(source);
    if (cached) return { template: cached };
    try {
      const problem = this.forbiddenSyntax(source);
      if (problem) return { failure: { kind: 'template', message: problem } };
      const template = new nunjucks.Template(source, this.env, undefined, true);
      this.compiled.set(source, template);
      return { template };
    } catch (error) {
      return { failure: { kind: 'template', message: describeTemplateError(error) } };
    }
  }

  /**
   * What the template says that would fail at every render anyway, reported when it is registered: a
   * literal forbidden member (`x.constructor`, `x["__proto__"]`) or a filter that does not exist.
   */
  private forbiddenSyntax(source: string): string | null {
    const env = this.env as unknown as EnvironmentInternals;
    const ast = internals.parser.parse(source, [], env.opts);
    for (const lookup of ast.findAll(internals.nodes.LookupVal)) {
      const key = lookup.val instanceof internals.nodes.Literal ? String(lookup.val.value) : undefined;
      if (key !== undefined && FORBIDDEN_MEMBERS.has(key))
        return `"${key}" cannot be accessed in a prompt template${at(lookup)}`;
    }
    for (const filter of ast.findAll(internals.nodes.Filter)) {
      if (!Object.hasOwn(env.filters, filter.name.value))
        return `unknown filter "${filter.name.value}"${at(filter)}`;
    }
    return null;
  }
}

/**
 * Closes the ways out of a template, for every environment of this process (nunjucks has one runtime):
 * - a member lookup (`a.b`, `a[b]`) refuses `constructor`, `__proto__` and `prototype`, any member of a
 *   function, and any member whose value is a function (templates call filters, not methods), so
 *   `"".constructor.constructor("return process")()` stops at the first step;
 * - a name resolves to a frame variable, an own property of the render context or an own global (range,
 *   cycler, joiner), never to something inherited from Object.prototype (`constructor`, `valueOf`, …).
 * Template-level lookups are checked here, at run time, because keys can be computed (`a[k]`).
 */
function sandboxLookups(): void {
  if (lookupsSandboxed) return;
  lookupsSandboxed = true;
  const { runtime } = internals;
  runtime.memberLookup = (obj: unknown, key: unknown): unknown => {
    if (obj === undefined || obj === null) return undefined;
    const name = String(key);
    if (FORBIDDEN_MEMBERS.has(name)) throw new Error(`"${name}" cannot be accessed in a prompt template`);
    if (typeof obj === 'function')
      throw new Error(`members of functions cannot be accessed in a prompt template ("${name}")`);
    const value = (obj as Record<string, unknown>)[name];
    if (typeof value === 'function')
      throw new Error(`"${name}" is a method; prompt templates cannot call methods (use a filter)`);
    return value;
  };
  runtime.contextOrFrameLookup = (context, frame, name) => {
    const local = frame.lookup(name);
    if (local !== undefined) return local;
    if (Object.hasOwn(context.ctx, name)) return context.ctx[name];
    if (Object.hasOwn(context.env.globals, name)) return context.env.globals[name];
    return undefined;
  };
}

/** Filters and tests by their own names only: `x | constructor` or `x is valueOf` find nothing. */
function ownEntriesOnly(env: EnvironmentInternals): void {
  env.getFilter = (name: string) => {
    if (!Object.hasOwn(env.filters, name)) throw new Error(`filter not found: ${name}`);
    return env.filters[name];
  };
  env.getTest = (name: string) => {
    if (!Object.hasOwn(env.tests, name)) throw new Error(`test not found: ${name}`);
    return env.tests[name];
  };
}

/** A nunjucks error as one line, without the "(unknown path)" noise of templates that have no file. */
function describeTemplateError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message
    .replace(/\(unknown path\)\s*/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/(^|\] )Error: /, '$1')
    .trim();
  const located = error instanceof internals.lib.TemplateError && !/\[Line \d+/.test(message);
  const { lineno, colno } = error as { lineno?: number; colno?: number };
  // TemplateError positions are 1-based already; AST node positions are 0-based.
  return located && lineno !== undefined && colno !== undefined
    ? `${message}${at({ lineno: lineno - 1, colno: colno - 1 })}`
    : message;
}

function at(node: { lineno?: number; colno?: number }): string {
  return typeof node.lineno === 'number' && typeof node.colno === 'number'
    ? ` (line ${node.lineno + 1}, column ${node.colno + 1})`
    : '';
}
