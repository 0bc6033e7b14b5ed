import { Inject, Injectable, Optional } from '@nestjs/common';
import { GatewayConfig, JsonSchemaValidator, errorMessage } from '@app/common';
import { MetricsRecorder } from '@app/metrics';
import { ToolsException } from '../tools.exception.js';
import type { ToolRecord } from '../tools.repository.js';
import { shapeToolResult } from './result-shaping.js';
import { backoffDelayMs } from './retry-policy.js';
import { RetryableInvocationError } from './retryable-invocation.error.js';
import { ToolCallLimiter } from './tool-call-limiter.js';
import {
  type ToolCallResult,
  type ToolInvocationContext,
  type ToolInvoker,
  toolErrorResult,
} from './tool-invoker.js';
import { ToolInvokerRegistry } from './tool-invoker.registry.js';

/** Timing of retries; the defaults suit production, tests shorten them. */
export interface ToolRetryTuning {
  /** Ceiling of the first backoff; it doubles per retry (full jitter: the wait is uniform below it). */
  backoffBaseMs: number;
  /** Largest backoff ceiling. */
  backoffCapMs: number;
  /** Longest Retry-After honoured; an upstream asking for more gets no retry (its answer says when). */
  retryAfterCapMs: number;
  random: () => number;
}

export const TOOL_RETRY_TUNING = Symbol('TOOL_RETRY_TUNING');

const DEFAULT_TUNING: ToolRetryTuning = {
  backoffBaseMs: 500,
  backoffCapMs: 10_000,
  retryAfterCapMs: 30_000,
  random: Math.random,
};

/**
 * Calls a tool with the gateway's policies, whatever its integration type: arguments validated against the
 * tool's input schema before anything goes out, per-tool concurrency and rate limits (refused at once, never
 * queued), a timeout per attempt, retries of retryable failures with backoff, the caller's cancellation, the
 * tool's jsonpath_filter and outputSchema applied to what it answers, and one metric per call in memory.
 */
@Injectable()
export class ToolInvocationService {
  private readonly limiter: ToolCallLimiter;
  private readonly timeoutMs: number;
  private readonly tuning: ToolRetryTuning;
  private readonly check = (schema: Record<string, unknown>, data: unknown): string | null =>
    this.schemas.validate(schema, data);

  constructor(
    private readonly config: GatewayConfig,
    private readonly schemas: JsonSchemaValidator,
    private readonly invokers: ToolInvokerRegistry,
    private readonly metrics: MetricsRecorder,
    @Optional() @Inject(TOOL_RETRY_TUNING) tuning?: Partial<ToolRetryTuning>,
  ) {
    this.limiter = new ToolCallLimiter(config.toolRateLimit, config.toolConcurrentLimit);
    this.timeoutMs = config.toolTimeout * 1000;
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
  }

  /**
   * Calls `tool`. A failure of the tool or its upstream is an `isError` result; what the caller must fix is
   * thrown as ToolsException: TOOL_ARGUMENTS_INVALID (422), TOOL_RATE_LIMITED or TOOL_CONCURRENCY_LIMITED (429).
   */
  async callTool(
    tool: ToolRecord,
    args: Record<string, unknown>,
    context: ToolInvocationContext,
  ): Promise<ToolCallResult> {
    const problems = this.schemas.validate(tool.inputSchema, args);
    if (problems !== null)
      throw new ToolsException(
        'TOOL_ARGUMENTS_INVALID',
        `Invalid arguments for tool ${tool.name}: ${problems}`,
      );

    const started = performance.now();
    const invoker = this.invokers.get(tool.integrationType);
    if (!invoker) {
      return this.counted(
        tool,
        started,
        toolErrorResult(
          `The upstream of tool ${tool.name} is not connected (no ${tool.integrationType} invoker is available)`,
        ),
      );
    }

    const refusal = this.limiter.tryAcquire(tool.id);
    if (refusal === 'TOOL_CONCURRENCY_LIMITED')
      throw new ToolsException(
        refusal,
        `Tool ${tool.name} already has ${this.config.toolConcurrentLimit} calls in flight (TOOL_CONCURRENT_LIMIT); try again when one ends`,
      );
    if (refusal === 'TOOL_RATE_LIMITED')
      throw new ToolsException(
        refusal,
        `Tool ${tool.name} was called ${this.config.toolRateLimit} times in the last minute (TOOL_RATE_LIMIT); ` +
          `try again in ${Math.ceil(this.limiter.rateResetInMs(tool.id) / 1000)} s`,
      );
    try {
      const result = await this.attempt(tool, invoker, args, context);
      return this.counted(tool, started, shapeToolResult(result, tool, this.check));
    } finally {
      this.limiter.release(tool.id);
    }
  }

  private counted(tool: ToolRecord, started: number, result: ToolCallResult): ToolCallResult {
    this.metrics.record('tool', tool.id, performance.now() - started, result.isError !== true);
    return result;
  }

  /** Attempts until one answers, a failure is not retryable, retries run out, or the caller cancels. */
  private async attempt(
    tool: ToolRecord,
    invoker: ToolInvoker,
    args: Record<string, unknown>,
    context: ToolInvocationContext,
  ): Promise<ToolCallResult> {
    const caller = context.signal;
    if (caller.aborted) return this.cancelled(tool);
    // With `abort`, the caller's own signal serves every attempt and a timeout aborts it (the hot path: no
    // controller or listener of ours). Otherwise an attempt gets a controller of its own, aborted by a timeout
    // or by the caller through one listener per call.
    const owned = context.abort === undefined;
    let current: AbortController | undefined;
    let wake: (() => void) | undefined;
    const onCancel = (): void => {
      current?.abort(caller.reason);
      wake?.();
    };
    if (owned) caller.addEventListener('abort', onCancel, { once: true });
    try {
      for (let retry = 0; ; retry++) {
        const controller = owned ? new AbortController() : undefined;
        current = controller;
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          const reason = new Error(`timed out after ${this.config.toolTimeout} s`);
          if (controller) controller.abort(reason);
          else context.abort?.(reason);
        }, this.timeoutMs);
        let failure: RetryableInvocationError;
        try {
          return await invoker.invoke(
            tool,
            args,
            controller ? { ...context, signal: controller.signal } : context,
          );
        } catch (error) {
          // A timed-out attempt is not retried: the upstream may still be doing the work, and a retry would
          // multiply the caller's wait by the number of attempts.
          if (timedOut)
            return toolErrorResult(`Tool ${tool.name} timed out after ${this.config.toolTimeout} s`);
          if (caller.aborted) return this.cancelled(tool);
          if (!(error instanceof RetryableInvocationError))
            return toolErrorResult(`Tool ${tool.name} failed: ${errorMessage(error)}`);
          failure = error;
        } finally {
          clearTimeout(timer);
          current = undefined;
        }

        if (retry >= this.config.maxToolRetries) return failure.result;
        const delay = this.delayBefore(retry, failure);
        if (delay === undefined) return failure.result;
        if (!owned) caller.addEventListener('abort', onCancel, { once: true });
        await new Promise<void>((resolve) => {
          const sleep = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(sleep);
            resolve();
          };
        });
        wake = undefined;
        if (!owned) caller.removeEventListener('abort', onCancel);
        if (caller.aborted) return this.cancelled(tool);
      }
    } finally {
      if (owned) caller.removeEventListener('abort', onCancel);
    }
  }

  /** The wait before retry number `retry`; undefined when the upstream asks for longer than we wait. */
  private delayBefore(retry: number, failure: RetryableInvocationError): number | undefined {
    const { retryAfterMs } = failure;
    if (retryAfterMs !== undefined)
      return retryAfterMs <= this.tuning.retryAfterCapMs ? retryAfterMs : undefined;
    return backoffDelayMs(retry, this.tuning.backoffBaseMs, this.tuning.backoffCapMs, this.tuning.random);
  }

  private cancelled(tool: ToolRecord): ToolCallResult {
    return toolErrorResult(`The call of tool ${tool.name} was cancelled`);
  }
}
