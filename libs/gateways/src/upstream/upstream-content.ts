import { Injectable } from '@nestjs/common';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { PromptsException, type PromptResultDto } from '@app/prompts';
import { ResourcesException, type ResourceContentDto } from '@app/resources';
import { UpstreamPool } from './upstream-pool.js';
import { errorMessage } from '@app/common';

/** MCP's "resource not found" error code. */
const RESOURCE_NOT_FOUND = -32002;

/** The completion answer MCP defines. */
export interface CompletionResult {
  completion: { values: string[]; total?: number; hasMore?: boolean };
}

/**
 * Content that lives on an upstream: resources/read, prompts/get and completion/complete of imported
 * entities, through the upstream's pooled session. The upstream's refusals become the registries' errors.
 */
@Injectable()
export class UpstreamContent {
  constructor(private readonly pool: UpstreamPool) {}

  async readResource(gatewayId: string, uri: string): Promise<ResourceContentDto[]> {
    try {
      const session = await this.pool.session(gatewayId);
      const { contents } = await session.readResource(uri);
      return contents.map((c) => ({
        type: 'resource' as const,
        uri: c.uri,
        mimeType: c.mimeType ?? null,
        ...('text' in c ? { text: c.text } : { blob: (c as { blob: string }).blob }),
      }));
    } catch (error) {
      if (error instanceof McpError && error.code === RESOURCE_NOT_FOUND)
        throw ResourcesException.notFound(uri);
      throw new ResourcesException(
        'RESOURCE_UPSTREAM_UNAVAILABLE',
        `Reading ${uri} from its upstream failed: ${errorMessage(error)}`,
      );
    }
  }

  async getPrompt(gatewayId: string, name: string, args: Record<string, string>): Promise<PromptResultDto> {
    try {
      const session = await this.pool.session(gatewayId);
      const result = await session.getPrompt(name, args);
      return {
        ...(result.description && { description: result.description }),
        messages: result.messages as PromptResultDto['messages'],
      };
    } catch (error) {
      if (error instanceof McpError && error.code < -32000 && error.code >= -32700)
        throw new PromptsException('PROMPT_ARGUMENTS_INVALID', `The upstream refused: ${error.message}`);
      throw new PromptsException(
        'PROMPT_UPSTREAM_UNAVAILABLE',
        `Getting prompt ${name} from its upstream failed: ${errorMessage(error)}`,
      );
    }
  }

  /** Asks the upstream to complete an argument of its prompt or resource template (ref in its own names). */
  async complete(
    gatewayId: string,
    ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
    argument: { name: string; value: string },
    context?: { arguments?: Record<string, string> },
  ): Promise<CompletionResult> {
    const session = await this.pool.session(gatewayId);
    if (!session.capabilities.completions) return { completion: { values: [], total: 0, hasMore: false } };
    const result = await session.complete({ ref, argument, ...(context && { context }) });
    return { completion: result.completion };
  }
}
