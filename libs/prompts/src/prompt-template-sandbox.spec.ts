import { describe, expect, it } from 'vitest';
import { PromptTemplateSandbox } from './prompt-template-sandbox.js';

function sandbox(options: Partial<{ cacheSize: number; maxOutputBytes: number }> = {}) {
  return new PromptTemplateSandbox({ cacheSize: 10, maxOutputBytes: 100_000, ...options });
}

describe(PromptTemplateSandbox.name, () => {
  describe('rendering', () => {
    it('renders Jinja2 syntax: variables, loops, conditions and filters', () => {
      const sut = sandbox();
      const result = sut.render(
        [
          'Hello, {{ user }}!',
          '{% for t in topics %}{{ loop.index }}. {{ t | upper }}\n{% endfor %}',
          '{% if urgent %}URGENT {% endif %}{{ items | length }} item(s), {{ user.x | default("n/a") }}',
        ],
        { user: 'Alice', topics: ['a', 'b'], urgent: true, items: [1, 2, 3] },
      );
      expect(result).toEqual({
        ok: true,
        outputs: ['Hello, Alice!', '1. A\n2. B\n', 'URGENT 3 item(s), n/a'],
      });
    });

    it('does not HTML-escape (prompts are not HTML) and renders undefined names as nothing', () => {
      const sut = sandbox();
      expect(sut.render(['{{ code }}|{{ missing }}|'], { code: '<b>&"x"</b>' })).toEqual({
        ok: true,
        outputs: ['<b>&"x"</b>||'],
      });
    });

    it('reads nested data with dots and brackets, and iterates over objects', () => {
      const sut = sandbox();
      const result = sut.render(['{{ a.b[0].c }} {% for k, v in m %}{{ k }}={{ v }};{% endfor %}'], {
        a: { b: [{ c: 'deep' }] },
        m: { x: 1, y: 2 },
      });
      expect(result).toEqual({ ok: true, outputs: ['deep x=1;y=2;'] });
    });

    it('reports a render error with the template index', () => {
      const sut = sandbox();
      const result = sut.render(['fine', '{{ nothing() }}'], {});
      expect(result).toMatchObject({ ok: false, failure: { kind: 'render', index: 1 } });
      expect(result.ok || result.failure.message).toMatch(/Unable to call `nothing`/);
    });

    it('cannot load other templates (there is no loader)', () => {
      const sut = sandbox();
      const result = sut.render(['{% include "/etc/passwd" %}'], {});
      expect(result).toMatchObject({ ok: false, failure: { kind: 'render' } });
      expect(result.ok || result.failure.message).toMatch(/template not found/);
    });
  });

  describe(PromptTemplateSandbox.prototype.check.name, () => {
    it('accepts templates that compile', () => {
      expect(sandbox().check(['Hello {{ user }}', '{% for x in y %}{{ x }}{% endfor %}'])).toEqual({
        ok: true,
        outputs: [],
      });
    });

    it.each([
      ['an unclosed block', '{% if x %}never closed', /expected elif, else, or endif/],
      ['an unclosed variable', 'Hi {{ user', /expected variable end/],
      ['a dangling dot', 'Hi {{ user. }}', /expected name as lookup value/],
      ['a literal constructor lookup', '{{ "".constructor }}', /"constructor" cannot be accessed/],
      ['a literal __proto__ lookup', '{{ x["__proto__"] }}', /"__proto__" cannot be accessed/],
      ['a prototype lookup', '{{ x.prototype }}', /"prototype" cannot be accessed/],
      ['an unknown filter', '{{ x | constructor }}', /unknown filter "constructor"/],
    ])('refuses %s with the parser’s reason and the template index', (_what, template, reason) => {
      const result = sandbox().check(['ok', template]);
      expect(result).toMatchObject({ ok: false, failure: { kind: 'template', index: 1 } });
      expect(result.ok || result.failure.message).toMatch(reason);
    });

    it('compiles a template once and keeps at most cacheSize of them', () => {
      const sut = sandbox({ cacheSize: 2 });
      sut.check(['a {{ x }}']);
      expect(sut.cachedTemplates).toBe(1);
      sut.render(['a {{ x }}'], { x: 1 });
      expect(sut.cachedTemplates).toBe(1);
      sut.check(['b {{ x }}', 'c {{ x }}']);
      expect(sut.cachedTemplates).toBe(2);
    });
  });

  describe('sandbox', () => {
    it.each([
      [
        'the Function constructor through a computed key',
        '{{ s[k][k]("return process.pid")() }}',
        /"constructor" cannot be accessed/,
      ],
      ['__proto__ through a computed key', '{{ o[p] }}', /"__proto__" cannot be accessed/],
      ['prototype through a computed key', '{{ o[q] }}', /"prototype" cannot be accessed/],
      ['a method of a string', '{{ s.toUpperCase() }}', /"toUpperCase" is a method/],
      ['a method inherited by an object', '{{ o.hasOwnProperty("a") }}', /"hasOwnProperty" is a method/],
      ['a member of a global function', '{{ range.call }}', /members of functions cannot be accessed/],
      ['a member of a macro', '{% macro m() %}x{% endmacro %}{{ m[k] }}', /"constructor" cannot be accessed/],
      ['the constructor of a list', '{{ items[k][k]("return 1")() }}', /"constructor" cannot be accessed/],
      [
        'a test named after an inherited member',
        '{% if s is constructor %}x{% endif %}',
        /test not found: constructor/,
      ],
    ])('refuses %s', (_what, template, reason) => {
      const result = sandbox().render([template], {
        s: 'text',
        o: { a: 1 },
        items: [1],
        k: 'constructor',
        p: '__proto__',
        q: 'prototype',
      });
      expect(result).toMatchObject({ ok: false, failure: { kind: 'render' } });
      expect(result.ok || result.failure.message).toMatch(reason);
      expect(JSON.stringify(result)).not.toContain(String(process.pid));
    });

    it('resolves names only to arguments, template variables and its own globals, never to inherited members', () => {
      const result = sandbox().render(
        ['[{{ constructor }}][{{ valueOf }}][{{ toString }}][{{ __proto__ }}][{{ hasOwnProperty }}]'],
        { user: 'x' },
      );
      expect(result).toEqual({ ok: true, outputs: ['[][][][][]'] });
    });

    it('still lets arguments use names that Object.prototype also has', () => {
      const result = sandbox().render(['{{ constructor }} {{ toString }}'], {
        constructor: 'builder',
        toString: 'text',
      });
      expect(result).toEqual({ ok: true, outputs: ['builder text'] });
    });

    it('keeps its globals (range, cycler, joiner) and filters usable', () => {
      const result = sandbox().render(
        [
          '{% for i in range(0, 3) %}{{ i }}{% endfor %} {{ [3, 1, 2] | sort | join(",") }} {{ "a b" | title }}',
        ],
        {},
      );
      expect(result).toEqual({ ok: true, outputs: ['012 1,2,3 A B'] });
    });
  });

  describe('output limit', () => {
    it('accepts output up to maxOutputBytes and refuses one byte more', () => {
      const sut = sandbox({ maxOutputBytes: 10 });
      expect(sut.render(['{{ s }}'], { s: 'x'.repeat(10) })).toEqual({ ok: true, outputs: ['x'.repeat(10)] });
      expect(sut.render(['{{ s }}'], { s: 'x'.repeat(11) })).toMatchObject({
        ok: false,
        failure: { kind: 'output', index: 0, message: 'rendered output exceeds 10 bytes' },
      });
    });

    it('counts UTF-8 bytes, not characters', () => {
      const sut = sandbox({ maxOutputBytes: 10 });
      expect(sut.render(['{{ s }}'], { s: 'é'.repeat(5) })).toMatchObject({ ok: true });
      expect(sut.render(['{{ s }}'], { s: 'é'.repeat(6) })).toMatchObject({
        ok: false,
        failure: { kind: 'output' },
      });
    });

    it('counts every template of a render together', () => {
      const sut = sandbox({ maxOutputBytes: 10 });
      expect(sut.render(['{{ s }}', '{{ s }}'], { s: 'x'.repeat(6) })).toMatchObject({
        ok: false,
        failure: { kind: 'output', index: 1 },
      });
    });

    it('refuses an output built by a loop', () => {
      const sut = sandbox({ maxOutputBytes: 1000 });
      const result = sut.render(['{% for i in range(0, 1000) %}xx{% endfor %}'], {});
      expect(result).toMatchObject({ ok: false, failure: { kind: 'output' } });
    });
  });
});
