/**
 * The messages a prompt renders to (MCP PromptMessage): text and embedded-resource text are templates,
 * images and blobs pass through unchanged. Pure functions over plain data.
 */

export const PROMPT_ROLES = ['user', 'assistant'] as const;
export type PromptRole = (typeof PROMPT_ROLES)[number];

export interface PromptTextContent {
  type: 'text';
  text: string;
}

export interface PromptImageContent {
  type: 'image';
  /** base64 */
  data: string;
  mimeType: string;
}

export interface PromptEmbeddedResource {
  uri: string;
  mimeType?: string;
  /** A template, rendered like message text. */
  text?: string;
  /** base64, passed through. */
  blob?: string;
}

export interface PromptResourceContent {
  type: 'resource';
  resource: PromptEmbeddedResource;
}

export type PromptContent = PromptTextContent | PromptImageContent | PromptResourceContent;

export interface PromptMessage {
  role: PromptRole;
  content: PromptContent;
}

/** One text template of a prompt and where it sits (for error messages). */
export interface PromptTemplateSlot {
  path: string;
  template: string;
}

/**
 * Every text template of a prompt in render order: `template` first (a prompt made of messages only has an
 * empty one, which is skipped), then the text of each text message and of each embedded text resource.
 */
export function templateSlots(
  template: string,
  messages: readonly PromptMessage[] | null | undefined,
): PromptTemplateSlot[] {
  const slots: PromptTemplateSlot[] = template === '' ? [] : [{ path: 'template', template }];
  (messages ?? []).forEach(({ content }, i) => {
    if (content.type === 'text') slots.push({ path: `messages[${i}].content.text`, template: content.text });
    if (content.type === 'resource' && content.resource.text !== undefined)
      slots.push({ path: `messages[${i}].content.resource.text`, template: content.resource.text });
  });
  return slots;
}

/**
 * The rendered messages: `outputs` are the renders of {@link templateSlots}, in the same order. The template
 * becomes one user text message ahead of the prompt's own messages.
 */
export function renderedMessages(
  template: string,
  messages: readonly PromptMessage[] | null | undefined,
  outputs: readonly string[],
): PromptMessage[] {
  let next = 0;
  const take = (): string => {
    if (next >= outputs.length) throw new Error('fewer rendered texts than templates');
    return outputs[next++];
  };
  const result: PromptMessage[] =
    template === '' ? [] : [{ role: 'user', content: { type: 'text', text: take() } }];
  for (const { role, content } of messages ?? []) {
    switch (content.type) {
      case 'text':
        result.push({ role, content: { type: 'text', text: take() } });
        break;
      case 'image':
        result.push({ role, content: { ...content } });
        break;
      case 'resource':
        result.push({
          role,
          content: {
            type: 'resource',
            resource:
              content.resource.text === undefined
                ? { ...content.resource }
                : { ...content.resource, text: take() },
          },
        });
        break;
    }
  }
  return result;
}

/** A plain copy of a message holding only the fields MCP defines (request DTO instances may carry more). */
export function normalizeMessage(message: PromptMessage): PromptMessage {
  const { role, content } = message;
  switch (content.type) {
    case 'text':
      return { role, content: { type: 'text', text: content.text } };
    case 'image':
      return { role, content: { type: 'image', data: content.data, mimeType: content.mimeType } };
    case 'resource': {
      const { uri, mimeType, text, blob } = content.resource;
      return {
        role,
        content: {
          type: 'resource',
          resource: {
            uri,
            ...(mimeType !== undefined && { mimeType }),
            ...(text !== undefined && { text }),
            ...(blob !== undefined && { blob }),
          },
        },
      };
    }
  }
}
