import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  GatewayConfig,
  importOutcome,
  isUniqueViolation,
  JsonSchemaValidator,
  type ImportOutcome,
} from '@app/common';
import { EventBus, registryEvent, type EventAction } from '@app/events';
import { MetricsRecorder } from '@app/metrics';
import type { PromptCreateDto } from './dto/prompt-create.dto.js';
import type { PromptUpdateDto } from './dto/prompt-update.dto.js';
import type {
  PromptResponseDto,
  PromptResultDto,
  PromptVersionResponseDto,
} from './dto/prompt-response.dto.js';
import {
  argumentSchemaProblem,
  argumentsToSchema,
  duplicateArgumentNames,
  EMPTY_ARGUMENT_SCHEMA,
  missingRequiredArguments,
  schemaToArguments,
} from './prompt-arguments.js';
import { normalizeMessage, type PromptMessage, renderedMessages, templateSlots } from './prompt-message.js';
import { PromptRenderer } from './prompt-renderer.js';
import { PromptsException } from './prompts.exception.js';
import {
  type NewPromptRecord,
  type PromptChanges,
  type PromptRecord,
  PromptsRepository,
} from './prompts.repository.js';

/** The part of a prompt that is versioned. */
interface PromptContent {
  description: string | null;
  template: string;
  argumentSchema: Record<string, unknown>;
  messages: PromptMessage[] | null;
}

/** Renders a prompt on the upstream that owns it (set by the lib that holds upstream sessions). */
export type UpstreamPromptRenderer = (
  gatewayId: string,
  originalName: string,
  args: Record<string, string>,
) => Promise<PromptResultDto>;

/** A prompt as an upstream MCP server lists it. */
export interface UpstreamPromptDefinition {
  name: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
}

/** Ids beyond PostgreSQL's integer column cannot exist; asking for them must be a 404, not a driver error. */
const MAX_ID = 2_147_483_647;

/**
 * The prompt registry: create, render, update (every update kept as a version, rollback included), delete
 * and (de)activate prompts, with a registry event for every change and a metric for every render.
 */
@Injectable()
export class PromptsService {
  private upstreamRenderer?: UpstreamPromptRenderer;

  constructor(
    private readonly prompts: PromptsRepository,
    private readonly renderer: PromptRenderer,
    private readonly schemas: JsonSchemaValidator,
    private readonly events: EventBus,
    private readonly metrics: MetricsRecorder,
    private readonly config: GatewayConfig,
  ) {}

  /** Registers a prompt at version 1 (409 when the name is taken, 413 / 422 when its content is refused). */
  async createPrompt(dto: PromptCreateDto): Promise<PromptResponseDto> {
    const content = this.checkContent({
      description: dto.description ?? null,
      template: dto.template ?? '',
      argumentSchema: this.argumentSchemaOf(dto) ?? structuredClone(EMPTY_ARGUMENT_SCHEMA),
      messages: dto.messages ? dto.messages.map(normalizeMessage) : null,
    });
    await this.assertNameFree(dto.name);
    await this.renderer.check(templateSlots(content.template, content.messages));
    const saved = await this.write(
      () =>
        this.prompts.insert({
          name: dto.name,
          originalName: dto.name,
          ...stored(content),
          gatewayId: null,
          isActive: true,
        }),
      dto.name,
    );
    return this.announce('created', saved);
  }

  /** Every prompt (only active ones unless asked), oldest first. */
  async listPrompts(includeInactive = false): Promise<PromptResponseDto[]> {
    return (await this.prompts.list({ includeInactive })).map((p) => this.toResponse(p));
  }

  /**
   * Renders an active prompt with these arguments (the MCP GetPromptResult). Required arguments must be
   * given (422 naming the missing ones), then all must match the argument schema.
   */
  async renderPrompt(name: string, args: Record<string, unknown> = {}): Promise<PromptResultDto> {
    const prompt = await this.prompts.findByName(name);
    if (!prompt || !prompt.isActive) throw PromptsException.notFound(name);
    const started = performance.now();
    try {
      if (prompt.gatewayId) {
        const result = await this.renderUpstream(prompt, args);
        this.metrics.record('prompt', String(prompt.id), performance.now() - started, true);
        return result;
      }
      const values = this.checkArguments(prompt.argumentSchema, args);
      const messages = asMessages(prompt.messages);
      const outputs = await this.renderer.render(templateSlots(prompt.template, messages), values);
      const result: PromptResultDto = {
        ...(prompt.description ? { description: prompt.description } : {}),
        messages: renderedMessages(prompt.template, messages, outputs),
      };
      this.metrics.record('prompt', String(prompt.id), performance.now() - started, true);
      return result;
    } catch (error) {
      this.metrics.record('prompt', String(prompt.id), performance.now() - started, false);
      throw error;
    }
  }

  /** Sets who renders imported prompts on their upstream. */
  setUpstreamRenderer(renderer: UpstreamPromptRenderer): void {
    this.upstreamRenderer = renderer;
  }

  /**
   * Makes the prompts imported from one upstream match its listing, inside the caller's transaction. They
   * render on the upstream, under their original names; a name another prompt holds is skipped.
   */
  async syncImportedPrompts(
    manager: EntityManager,
    source: { gatewayId: string; namePrefix: string },
    prompts: UpstreamPromptDefinition[],
  ): Promise<ImportOutcome> {
    const rows = prompts.map((p): NewPromptRecord => ({
      name: `${source.namePrefix}${p.name}`,
      originalName: p.name,
      description: p.description ?? null,
      template: '',
      argumentSchema: argumentsToSchema(
        (p.arguments ?? []).map((a) => ({
          name: a.name,
          description: a.description,
          required: a.required === true,
        })),
      ),
      messages: null,
      gatewayId: source.gatewayId,
      isActive: true,
    }));
    const change = await this.prompts.syncImported(manager, source.gatewayId, rows);
    return importOutcome(change, (action, prompt) => this.announce(action, prompt));
  }

  /** (De)activates every prompt of one upstream, with an event for each that changed. */
  async setImportedActive(gatewayId: string, isActive: boolean): Promise<void> {
    for (const prompt of await this.prompts.updateImported(gatewayId, { isActive }))
      this.announce('updated', prompt);
  }

  /** Applies the changes as a new version; the previous state is kept and can be rolled back to. */
  async updatePrompt(name: string, dto: PromptUpdateDto): Promise<PromptResponseDto> {
    const current = await this.requireByName(name);
    const content = this.checkContent({
      description: dto.description === undefined ? (current.description ?? null) : dto.description,
      template: dto.template ?? current.template,
      argumentSchema: this.argumentSchemaOf(dto) ?? current.argumentSchema,
      messages:
        dto.messages === undefined
          ? asMessages(current.messages)
          : dto.messages === null
            ? null
            : dto.messages.map(normalizeMessage),
    });
    const rename = dto.name !== undefined && dto.name !== current.name;
    if (rename) await this.assertNameFree(dto.name as string);
    await this.renderer.check(templateSlots(content.template, content.messages));
    const changes: PromptChanges = {
      ...stored(content),
      ...(rename && {
        name: dto.name,
        ...(current.gatewayId ? {} : { originalName: dto.name }),
      }),
    };
    const saved = await this.write(() => this.prompts.update(current.id, changes), dto.name ?? name);
    if (!saved) throw PromptsException.notFound(name);
    return this.announce('updated', saved);
  }

  /** Every version of a prompt, newest first, the current one included. */
  async listPromptVersions(name: string): Promise<PromptVersionResponseDto[]> {
    const prompt = await this.requireByName(name);
    const history = await this.prompts.listVersions(prompt.id);
    // A version row is written when its version is replaced, so version v became current when v - 1 was stored.
    const replacedAt = new Map(history.map((v) => [v.version, v.createdAt]));
    const madeCurrent = (version: number, fallback: Date): Date =>
      version === 1 ? prompt.createdAt : (replacedAt.get(version - 1) ?? fallback);
    return [
      { ...prompt, createdAt: madeCurrent(prompt.version, prompt.updatedAt), current: true },
      ...history.map((v) => ({ ...v, createdAt: madeCurrent(v.version, v.createdAt), current: false })),
    ].map((v) => ({
      version: v.version,
      template: v.template,
      messages: asMessages(v.messages),
      argumentSchema: v.argumentSchema,
      description: v.description ?? null,
      createdAt: v.createdAt.toISOString(),
      current: v.current,
    }));
  }

  /** Makes an earlier version's content current again, as a new version (history is kept). */
  async rollbackPrompt(name: string, version: number): Promise<PromptResponseDto> {
    const prompt = await this.requireByName(name);
    const target = version === prompt.version ? prompt : await this.prompts.findVersion(prompt.id, version);
    if (!target) {
      throw new PromptsException(
        'PROMPT_VERSION_NOT_FOUND',
        `Prompt ${name} has no version ${version} (it has versions 1 to ${prompt.version})`,
      );
    }
    const content = this.checkContent({
      description: target.description ?? null,
      template: target.template,
      argumentSchema: target.argumentSchema,
      messages: asMessages(target.messages),
    });
    await this.renderer.check(templateSlots(content.template, content.messages));
    const saved = await this.prompts.update(prompt.id, stored(content));
    if (!saved) throw PromptsException.notFound(name);
    return this.announce('updated', saved);
  }

  /** Deletes a prompt by name; its versions go with it. Answers what was deleted. */
  async deletePrompt(name: string): Promise<PromptResponseDto> {
    const current = await this.requireByName(name);
    if (!(await this.prompts.delete(current.id))) throw PromptsException.notFound(name);
    return this.announce('deleted', current);
  }

  /** (De)activates a prompt by numeric id; an inactive prompt cannot be rendered and leaves listings. */
  async togglePrompt(id: number, activate: boolean): Promise<PromptResponseDto> {
    const current = isStorableId(id) ? await this.prompts.findById(id) : null;
    if (!current) throw PromptsException.notFound(id);
    if (current.isActive === activate) return this.toResponse(current);
    const saved = await this.prompts.setActive(id, activate);
    if (!saved) throw PromptsException.notFound(id);
    return this.announce(activate ? 'activated' : 'deactivated', saved);
  }

  /** The prompts with these ids, in the order asked; throws 404 naming the ids that do not exist. */
  async requirePrompts(ids: number[]): Promise<PromptRecord[]> {
    const found = await this.prompts.findByIds([...new Set(ids.filter(isStorableId))]);
    const byId = new Map(found.map((p) => [p.id, p]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new PromptsException('PROMPT_NOT_FOUND', `Prompt not found: ${missing.join(', ')}`);
    return ids.map((id) => byId.get(id) as PromptRecord);
  }

  /** A stored prompt as the API returns it, with its arguments in MCP form. */
  toResponse(prompt: PromptRecord): PromptResponseDto {
    return {
      id: prompt.id,
      name: prompt.name,
      originalName: prompt.originalName,
      description: prompt.description ?? null,
      template: prompt.template,
      messages: asMessages(prompt.messages),
      argumentSchema: prompt.argumentSchema,
      arguments: schemaToArguments(prompt.argumentSchema),
      version: prompt.version,
      isActive: prompt.isActive,
      gatewayId: prompt.gatewayId ?? null,
      createdAt: prompt.createdAt.toISOString(),
      updatedAt: prompt.updatedAt.toISOString(),
    };
  }

  /** An imported prompt: required arguments checked here, the rest (and the rendering) is the upstream's. */
  private async renderUpstream(
    prompt: PromptRecord,
    args: Record<string, unknown>,
  ): Promise<PromptResultDto> {
    const missing = missingRequiredArguments(prompt.argumentSchema, args);
    if (missing.length > 0)
      throw new PromptsException(
        'PROMPT_ARGUMENTS_INVALID',
        `Missing required argument(s) for prompt ${prompt.name}: ${missing.join(', ')}`,
      );
    if (!this.upstreamRenderer || !prompt.gatewayId)
      throw new PromptsException(
        'PROMPT_UPSTREAM_UNAVAILABLE',
        `No upstream renderer for prompt ${prompt.name}`,
      );
    const strings = Object.fromEntries(
      Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
    return this.upstreamRenderer(prompt.gatewayId, prompt.originalName, strings);
  }

  private async requireByName(name: string): Promise<PromptRecord> {
    const prompt = await this.prompts.findByName(name);
    if (!prompt) throw PromptsException.notFound(name);
    return prompt;
  }

  /** The schema the body gives, from `argumentSchema` or from `arguments` (not both); undefined if neither. */
  private argumentSchemaOf(dto: PromptUpdateDto): Record<string, unknown> | undefined {
    if (dto.argumentSchema !== undefined && dto.arguments !== undefined) {
      throw new PromptsException('PROMPT_INVALID', 'Give argumentSchema or arguments, not both');
    }
    if (dto.arguments !== undefined) {
      const duplicates = duplicateArgumentNames(dto.arguments);
      if (duplicates.length > 0)
        throw new PromptsException('PROMPT_INVALID', `Duplicate argument name(s): ${duplicates.join(', ')}`);
      return argumentsToSchema(dto.arguments);
    }
    if (dto.argumentSchema !== undefined) {
      const problem = argumentSchemaProblem(dto.argumentSchema);
      if (problem) throw new PromptsException('PROMPT_INVALID', problem);
      this.schemas.assertValidSchema(dto.argumentSchema, 'argumentSchema');
    }
    return dto.argumentSchema;
  }

  /** Checks what can be checked without compiling: something to render, resource shape, template sizes. */
  private checkContent(content: PromptContent): PromptContent {
    if (content.template === '' && (content.messages ?? []).length === 0) {
      throw new PromptsException('PROMPT_INVALID', 'A prompt needs a template or messages');
    }
    (content.messages ?? []).forEach(({ content: c }, i) => {
      if (c.type === 'resource' && (c.resource.text === undefined) === (c.resource.blob === undefined)) {
        throw new PromptsException(
          'PROMPT_INVALID',
          `messages[${i}].content.resource needs either text or blob (not both)`,
        );
      }
    });
    const limit = this.config.maxPromptSize;
    for (const { path, template } of templateSlots(content.template, content.messages)) {
      const bytes = Buffer.byteLength(template, 'utf8');
      if (bytes > limit) {
        throw new PromptsException(
          'PROMPT_TOO_LARGE',
          `${path} is ${bytes} bytes; templates may have at most ${limit} bytes (MAX_PROMPT_SIZE)`,
        );
      }
    }
    return content;
  }

  private checkArguments(schema: Record<string, unknown>, args: unknown): Record<string, unknown> {
    const values = args ?? {};
    if (typeof values !== 'object' || Array.isArray(values)) {
      throw new PromptsException(
        'PROMPT_ARGUMENTS_INVALID',
        'arguments must be a JSON object of argument values',
      );
    }
    const given = values as Record<string, unknown>;
    const missing = missingRequiredArguments(schema, given);
    if (missing.length > 0) {
      throw new PromptsException(
        'PROMPT_ARGUMENTS_INVALID',
        `missing required argument(s): ${missing.join(', ')}`,
      );
    }
    const problem = this.schemas.validate(schema, given);
    if (problem) {
      throw new PromptsException(
        'PROMPT_ARGUMENTS_INVALID',
        `arguments do not match the argument schema: ${problem}`,
      );
    }
    return given;
  }

  private async assertNameFree(name: string): Promise<void> {
    const existing = await this.prompts.findByName(name);
    if (existing)
      throw new PromptsException(
        'PROMPT_NAME_CONFLICT',
        `A prompt named "${name}" already exists (id ${existing.id})`,
      );
  }

  /** Runs a write; a unique-constraint race with another request becomes the same 409 as the pre-check. */
  private async write<T>(work: () => Promise<T>, name: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new PromptsException('PROMPT_NAME_CONFLICT', `A prompt named "${name}" already exists`);
      throw error;
    }
  }

  private announce(action: EventAction, prompt: PromptRecord): PromptResponseDto {
    const response = this.toResponse(prompt);
    this.events.publish(registryEvent('prompt', action, { ...response }));
    return response;
  }
}

/** The messages column holds what normalizeMessage produced when the prompt was written. */
function asMessages(stored: Record<string, unknown>[] | null | undefined): PromptMessage[] | null {
  return (stored as PromptMessage[] | null | undefined) ?? null;
}

/** Content in the column types of the entity (the messages column is plain JSON). */
function stored(content: PromptContent): Required<Omit<PromptChanges, 'name' | 'originalName'>> {
  return { ...content, messages: content.messages as unknown as Record<string, unknown>[] | null };
}

function isStorableId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_ID;
}
