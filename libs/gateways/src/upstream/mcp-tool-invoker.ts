import { Injectable } from '@nestjs/common';
import {
  RetryableInvocationError,
  ToolInvoker,
  toolErrorResult,
  type ToolCallResult,
  type ToolInvocationContext,
  type ToolRecord,
} from '@app/tools';
import { UpstreamHttpError, UpstreamUnavailableError } from './upstream-errors.js';
import { UpstreamPool } from './upstream-pool.js';

/**
 * Calls tools imported from upstream MCP servers, through the upstream's pooled session, under the tool's
 * original name. Arguments, `_meta`, progress, cancellation and relayed requests travel with the call.
 */
@Injectable()
export class McpToolInvoker extends ToolInvoker {
  constructor(private readonly pool: UpstreamPool) {
    super();
  }

  async invoke(
    tool: ToolRecord,
    args: Record<string, unknown>,
    context: ToolInvocationContext,
  ): Promise<ToolCallResult> {
    if (!tool.gatewayId)
      return toolErrorResult(`Tool ${tool.name} is an MCP tool without an upstream gateway to call`);
    try {
      const session = this.pool.ready(tool.gatewayId) ?? (await this.pool.session(tool.gatewayId));
      return await session.callTool(tool.originalName, args, context);
    } catch (error) {
      throw retryableOrSame(tool, error);
    }
  }
}

/**
 * An unreachable upstream (refused, reset, 5xx, 429) is worth another attempt; everything else (the upstream
 * refused the request, a JSON-RPC error, the stream closing mid-call, which may have done the work) is not.
 */
function retryableOrSame(tool: ToolRecord, error: unknown): unknown {
  if (!(error instanceof UpstreamUnavailableError)) return error;
  if (error instanceof UpstreamHttpError && !error.retryable) return error;
  return new RetryableInvocationError(
    toolErrorResult(`Tool ${tool.name} failed: ${error.message}`),
    error.retryAfterMs,
  );
}
