import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import { Agent, type Dispatcher } from 'undici';
import {
  type CallSignal,
  GatewayConfig,
  OutboundGuard,
  OutboundUrlRefusedError,
  openUpstreamAuth,
  SecretBox,
  upstreamAuthHeaders,
} from '@app/common';
import type { ToolRecord } from '../tools.repository.js';
import {
  type ArgumentLocations,
  argumentLocations,
  buildRestRequest,
  compileUrlTemplate,
  type UrlTemplate,
} from './rest-request.js';
import { parseRetryAfter } from './retry-policy.js';
import { RetryableInvocationError } from './retryable-invocation.error.js';
import {
  type ToolCallResult,
  type ToolInvocationContext,
  ToolInvoker,
  toolErrorResult,
} from './tool-invoker.js';

/** Limits of the REST invoker; tests lower them. */
export interface RestInvokerOptions {
  /** Largest response body read, in bytes (default 10 MB); a larger one is refused. */
  maxResponseBytes: number;
}

export const REST_INVOKER_OPTIONS = Symbol('REST_INVOKER_OPTIONS');

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** How much of an error body the result quotes. */
const ERROR_EXCERPT_BYTES = 2048;

/** Transport failures that another attempt may not meet. */
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** What is fixed for one tool record: its parsed URL, the headers of every call, where arguments go. */
interface PreparedTool {
  template: UrlTemplate;
  /** Headers of a call without a body, and of one with a (JSON) body. */
  headers: Record<string, string>;
  bodyHeaders: Record<string, string>;
  locations: ArgumentLocations | undefined;
}

/**
 * Invokes REST tools over one keep-alive undici Agent (a pool per origin). Redirects are not followed and
 * only URLs the OutboundGuard allows are called (checked before the call, and again for every address DNS
 * answers); response bodies are read up to a cap. Credentials are opened once per tool record and never logged.
 */
@Injectable()
export class RestToolInvoker extends ToolInvoker implements OnModuleDestroy {
  private readonly agent: Agent;
  private readonly maxResponseBytes: number;
  private readonly guard: OutboundGuard;
  // Keyed by the record itself: the catalogue keeps records until a change replaces them, and a record
  // loaded afresh simply misses. Nothing to invalidate, nothing kept after the record is gone.
  private readonly prepared = new WeakMap<ToolRecord, PreparedTool | string>();

  constructor(
    config: GatewayConfig,
    private readonly box: SecretBox,
    @Optional() @Inject(REST_INVOKER_OPTIONS) options?: Partial<RestInvokerOptions>,
    // Optional so that code building the invoker by hand still gets a guard built from the same config.
    @Optional() guard?: OutboundGuard,
  ) {
    super();
    this.maxResponseBytes = options?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.guard = guard ?? new OutboundGuard(config);
    this.agent = new Agent({ connect: this.guard.connectOptions() });
  }

  async invoke(
    tool: ToolRecord,
    args: Record<string, unknown>,
    context: ToolInvocationContext,
  ): Promise<ToolCallResult> {
    const prepared = this.prepare(tool);
    if (typeof prepared === 'string') return toolErrorResult(`Tool ${tool.name}: ${prepared}`);
    const request = buildRestRequest(prepared.template, tool.requestType, args, prepared.locations);
    if (typeof request === 'string') return toolErrorResult(`Tool ${tool.name}: ${request}`);
    const fixed = request.body === undefined ? prepared.headers : prepared.bodyHeaders;
    try {
      const response = await this.agent.request({
        origin: request.origin,
        path: request.path,
        method: request.method,
        headers: request.headers ? withArgumentHeaders(fixed, request.headers) : fixed,
        body: request.body,
        // undici takes any signal with addEventListener, a Cancellation included.
        signal: context.signal,
      });
      return await this.toResult(tool, `${request.origin}${request.path}`, response);
    } catch (error) {
      throw this.failure(tool, error, context.signal);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  private prepare(tool: ToolRecord): PreparedTool | string {
    let prepared = this.prepared.get(tool);
    if (prepared === undefined) {
      prepared = this.prepareAnew(tool);
      this.prepared.set(tool, prepared);
    }
    return prepared;
  }

  private prepareAnew(tool: ToolRecord): PreparedTool | string {
    if (!tool.url) return 'the tool has no URL';
    try {
      this.guard.checkUrl(tool.url);
    } catch (error) {
      if (error instanceof OutboundUrlRefusedError) return error.message;
      throw error;
    }
    const template = compileUrlTemplate(tool.url);
    if (typeof template === 'string') return template;
    let auth: Record<string, string>;
    try {
      auth = upstreamAuthHeaders(openUpstreamAuth(this.box, tool.authValue));
    } catch {
      return 'its stored credentials cannot be opened (was AUTH_ENCRYPTION_SECRET changed?)';
    }
    const accept = { accept: 'application/json, */*;q=0.8' };
    return {
      template,
      headers: { ...accept, ...tool.headers, ...auth },
      bodyHeaders: { ...accept, 'content-type': 'application/json', ...tool.headers, ...auth },
      locations: argumentLocations(tool.inputSchema),
    };
  }

  private async toResult(
    tool: ToolRecord,
    url: string,
    { statusCode, headers, body }: Dispatcher.ResponseData,
  ): Promise<ToolCallResult> {
    if (statusCode >= 300 && statusCode < 400) {
      await body.dump();
      const location = first(headers.location) ?? '(no location)';
      return toolErrorResult(
        `Tool ${tool.name}: the endpoint answered HTTP ${statusCode} redirecting to ${location}; redirects are not followed`,
      );
    }
    if (statusCode < 200 || statusCode >= 400) {
      // Truncating, readBody never answers null.
      const excerpt = (await readBody(body, ERROR_EXCERPT_BYTES, true)) ?? Buffer.alloc(0);
      const text = excerpt.length > 0 ? `: ${excerpt.toString('utf8')}` : '';
      const result = toolErrorResult(`Tool ${tool.name}: HTTP ${statusCode}${text}`);
      if (statusCode === 429 || (statusCode >= 500 && statusCode !== 501))
        throw new RetryableInvocationError(result, parseRetryAfter(headers['retry-after']));
      return result;
    }

    const declared = Number(first(headers['content-length']));
    if (declared > this.maxResponseBytes) {
      body.destroy();
      return this.tooLarge(tool);
    }
    const data = await readBody(body, this.maxResponseBytes, false);
    if (data === null) return this.tooLarge(tool);
    return decode(data, mimeOf(first(headers['content-type'])), url);
  }

  private tooLarge(tool: ToolRecord): ToolCallResult {
    return toolErrorResult(
      `Tool ${tool.name}: the response is larger than the ${this.maxResponseBytes}-byte limit`,
    );
  }

  /** What to throw for a failed request: the abort as it is, a retryable error for a transport failure. */
  private failure(tool: ToolRecord, error: unknown, signal: CallSignal): unknown {
    if (signal.aborted || error instanceof RetryableInvocationError) return error;
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && RETRYABLE_CODES.has(code))
      return new RetryableInvocationError(
        toolErrorResult(`Tool ${tool.name}: could not reach the endpoint (${code})`),
      );
    return error;
  }
}

/** The tool's own headers with the argument headers they do not already set (names compared case-blind). */
function withArgumentHeaders(
  fixed: Record<string, string>,
  fromArgs: Record<string, string>,
): Record<string, string> {
  const taken = new Set(Object.keys(fixed).map((name) => name.toLowerCase()));
  const merged = { ...fixed };
  for (const [name, value] of Object.entries(fromArgs)) if (!taken.has(name)) merged[name] = value;
  return merged;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function mimeOf(contentType: string | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * Reads a body up to `limit` bytes. Beyond it: the first `limit` bytes when `truncate`, else null. Stopping
 * early destroys the stream (and its connection), which is the point for an oversized answer.
 */
async function readBody(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  truncate: boolean,
): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      if (!truncate) return null;
      chunks.push(chunk.subarray(0, limit - size));
      size = limit;
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

function isJson(mime: string): boolean {
  return mime === 'application/json' || mime === 'text/json' || mime.endsWith('+json');
}

function isText(mime: string): boolean {
  return (
    mime === '' ||
    mime.startsWith('text/') ||
    mime.endsWith('+xml') ||
    mime === 'application/xml' ||
    mime === 'application/javascript' ||
    mime === 'application/x-www-form-urlencoded' ||
    mime === 'application/yaml' ||
    mime === 'application/x-ndjson'
  );
}

/** A 2xx body as MCP content: JSON also as structuredContent, images and audio as such, other binaries as blobs. */
function decode(data: Buffer, mime: string, url: string): ToolCallResult {
  if (isJson(mime)) {
    const text = data.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { content: [{ type: 'text', text }] };
    }
    const content: ContentBlock[] = [{ type: 'text', text }];
    if (Array.isArray(parsed)) return { content, structuredContent: { result: parsed } };
    if (typeof parsed === 'object' && parsed !== null)
      return { content, structuredContent: parsed as Record<string, unknown> };
    return { content };
  }
  if (isText(mime)) return { content: [{ type: 'text', text: data.toString('utf8') }] };
  if (mime.startsWith('image/'))
    return { content: [{ type: 'image', data: data.toString('base64'), mimeType: mime }] };
  if (mime.startsWith('audio/'))
    return { content: [{ type: 'audio', data: data.toString('base64'), mimeType: mime }] };
  return {
    content: [{ type: 'resource', resource: { uri: url, mimeType: mime, blob: data.toString('base64') } }],
  };
}
