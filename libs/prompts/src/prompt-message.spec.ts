import { describe, expect, it } from 'vitest';
import { normalizeMessage, type PromptMessage, renderedMessages, templateSlots } from './prompt-message.js';

const MESSAGES: PromptMessage[] = [
  { role: 'user', content: { type: 'text', text: 'Describe {{ thing }}' } },
  { role: 'user', content: { type: 'image', data: 'aGk=', mimeType: 'image/png' } },
  {
    role: 'assistant',
    content: { type: 'resource', resource: { uri: 'file:///a.md', text: '# {{ title }}' } },
  },
  {
    role: 'user',
    content: {
      type: 'resource',
      resource: { uri: 'file:///b.bin', mimeType: 'application/octet-stream', blob: 'AAE=' },
    },
  },
];

describe('prompt messages', () => {
  describe(templateSlots.name, () => {
    it('lists the template, then every text and resource text, with where each is', () => {
      expect(templateSlots('Intro {{ x }}', MESSAGES)).toEqual([
        { path: 'template', template: 'Intro {{ x }}' },
        { path: 'messages[0].content.text', template: 'Describe {{ thing }}' },
        { path: 'messages[2].content.resource.text', template: '# {{ title }}' },
      ]);
    });

    it('skips an empty template and handles a prompt without messages', () => {
      expect(templateSlots('', MESSAGES).map((s) => s.path)).toEqual([
        'messages[0].content.text',
        'messages[2].content.resource.text',
      ]);
      expect(templateSlots('Hi', null)).toEqual([{ path: 'template', template: 'Hi' }]);
    });
  });

  describe(renderedMessages.name, () => {
    it('puts each rendered text in its place and passes images and blobs through', () => {
      expect(renderedMessages('', MESSAGES, ['Describe a cat', '# Cats'])).toEqual([
        { role: 'user', content: { type: 'text', text: 'Describe a cat' } },
        { role: 'user', content: { type: 'image', data: 'aGk=', mimeType: 'image/png' } },
        {
          role: 'assistant',
          content: { type: 'resource', resource: { uri: 'file:///a.md', text: '# Cats' } },
        },
        MESSAGES[3],
      ]);
    });

    it('makes the template one user text message ahead of the messages', () => {
      expect(renderedMessages('Hello, Alice!', null, ['Hello, Alice!'])).toEqual([
        { role: 'user', content: { type: 'text', text: 'Hello, Alice!' } },
      ]);
      expect(renderedMessages('T', MESSAGES.slice(0, 1), ['first', 'second']).map((m) => m.content)).toEqual([
        { type: 'text', text: 'first' },
        { type: 'text', text: 'second' },
      ]);
    });

    it('fails loudly when there are fewer outputs than templates', () => {
      expect(() => renderedMessages('T', MESSAGES, ['only one'])).toThrow(/fewer rendered texts/);
    });
  });

  describe(normalizeMessage.name, () => {
    it('keeps only the fields MCP defines', () => {
      const extra = {
        role: 'user',
        content: { type: 'image', data: 'aGk=', mimeType: 'image/png', note: 'x' },
        other: 1,
      } as unknown as PromptMessage;
      expect(normalizeMessage(extra)).toEqual({
        role: 'user',
        content: { type: 'image', data: 'aGk=', mimeType: 'image/png' },
      });
      expect(normalizeMessage(MESSAGES[3])).toEqual(MESSAGES[3]);
    });
  });
});
