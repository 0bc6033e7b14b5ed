import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, type Dispatcher } from 'undici';
import { parse as parseYaml } from 'yaml';
import {
  GatewayConfig,
  GatewayException,
  JsonSchemaValidator,
  OutboundGuard,
  OutboundUrlRefusedError,
  toUpstreamAuth,
  upstreamAuthHeaders,
} from '@app/common';
import type { OpenApiImportDto, OpenApiImportResultDto } from '../dto/openapi-import.dto.js';
import type { ToolResponseDto } from '../dto/tool-response.dto.js';
import { ToolsService } from '../tools.service.js';
import { OpenApiImportException } from './openapi-import.exception.js';
import { type ImportedTool, openApiToTools, type SkippedOperation } from './openapi-to-tools.js';

/**
 * Imports the operations of an OpenAPI document as REST tools: fetches the document (through the OutboundGuard,
 * no redirects, at most MAX_REQUEST_SIZE bytes, within TOOL_TIMEOUT), converts it, checks every tool before
 * creating any, then creates them through ToolsService. A name already taken skips that operation only.
 */
@Injectable()
export class OpenApiImportService implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(
    private readonly config: GatewayConfig,
    private readonly guard: OutboundGuard,
    private readonly tools: ToolsService,
    private readonly schemas: JsonSchemaValidator,
  ) {
    this.agent = new Agent({ connect: guard.connectOptions(), connections: 4 });
  }

  async importOpenApi(dto: OpenApiImportDto): Promise<OpenApiImportResultDto> {
    if ((dto.url === undefined) === (dto.document === undefined))
      throw new OpenApiImportException(
        'OPENAPI_IMPORT_INVALID',
        dto.url === undefined
          ? 'Give url (where to fetch the OpenAPI document) or document (the document itself)'
          : 'Give url or document, not both',
      );
    // Incomplete credentials are the caller's mistake once, not a reason to skip every operation.
    const authHeaders = dto.auth ? upstreamAuthHeaders(toUpstreamAuth(dto.auth)) : {};
    const document =
      dto.url !== undefined
        ? await this.fetchDocument(dto.url, { ...dto.headers, ...authHeaders })
        : dto.document;

    const conversion = openApiToTools(document, {
      baseUrl: dto.baseUrl,
      namePrefix: dto.namePrefix,
      operations: dto.operations,
      documentUrl: dto.url,
    });
    this.guard.checkUrl(conversion.baseUrl);

    const skipped: SkippedOperation[] = [...conversion.skipped];
    const ready = conversion.tools.filter((tool) => {
      const problem = this.problemOf(tool);
      if (problem !== null) skipped.push({ operation: tool.operation, reason: problem });
      return problem === null;
    });

    const created: ToolResponseDto[] = [];
    for (const { operation, tool } of ready) {
      try {
        created.push(
          await this.tools.createTool({
            ...tool,
            ...(dto.headers && { headers: dto.headers }),
            ...(dto.auth && { auth: dto.auth }),
          }),
        );
      } catch (error) {
        // A registry refusal (name taken, most often) concerns this operation only; anything else is a fault.
        if (!(error instanceof GatewayException) || Number(error.status) >= 500) throw error;
        skipped.push({ operation, reason: error.message });
      }
    }
    return { created, skipped };
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /** Why a converted tool cannot be created, checked before anything is; null when it can. */
  private problemOf({ tool }: ImportedTool): string | null {
    try {
      this.guard.checkUrl(tool.url);
      this.schemas.assertValidSchema(tool.inputSchema, 'its inputSchema');
      if (tool.outputSchema) this.schemas.assertValidSchema(tool.outputSchema, 'its outputSchema');
      return null;
    } catch (error) {
      if (error instanceof GatewayException) return error.message;
      throw error;
    }
  }

  private async fetchDocument(url: string, headers: Record<string, string>): Promise<unknown> {
    const target = this.guard.checkUrl(url);
    const failed = (reason: string) =>
      new OpenApiImportException(
        'OPENAPI_FETCH_FAILED',
        `Could not fetch the OpenAPI document from ${url}: ${reason}`,
      );
    let response: Dispatcher.ResponseData;
    try {
      response = await this.agent.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: {
          accept: 'application/json, application/yaml;q=0.9, text/yaml;q=0.9, */*;q=0.5',
          ...headers,
        },
        signal: AbortSignal.timeout(this.config.toolTimeout * 1000),
      });
    } catch (error) {
      if (error instanceof OutboundUrlRefusedError) throw error;
      throw failed(describeFailure(error, this.config.toolTimeout));
    }

    const { statusCode, headers: answer, body } = response;
    if (statusCode < 200 || statusCode >= 300) {
      await body.dump();
      if (statusCode >= 300 && statusCode < 400)
        throw failed(
          `it answered HTTP ${statusCode} redirecting to ${String(answer.location ?? '(nowhere)')}; redirects are not followed, give the final URL`,
        );
      throw failed(`it answered HTTP ${statusCode}`);
    }
    const limit = this.config.maxRequestSize;
    const tooLarge = () => failed(`the document is larger than MAX_REQUEST_SIZE (${limit} bytes)`);
    if (Number(answer['content-length']) > limit) {
      body.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          body.destroy();
          throw tooLarge();
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof OpenApiImportException) throw error;
      throw failed(describeFailure(error, this.config.toolTimeout));
    }
    return parseDocument(Buffer.concat(chunks, size).toString('utf8'));
  }
}

/** JSON when it looks like JSON, else YAML (of which JSON is a subset, so the order only decides the message). */
function parseDocument(text: string): unknown {
  const trimmed = text.trimStart();
  try {
    return trimmed.startsWith('{') ? (JSON.parse(trimmed) as unknown) : (parseYaml(text) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new OpenApiImportException(
      'OPENAPI_DOCUMENT_INVALID',
      `Invalid OpenAPI document: it is neither JSON nor YAML (${reason})`,
    );
  }
}

function describeFailure(error: unknown, timeoutSeconds: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer within ${timeoutSeconds} s (TOOL_TIMEOUT)`;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${message} (${code})` : message;
}
