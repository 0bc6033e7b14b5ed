import { JsonSchemaValidator, loadGatewayConfig } from '@app/common';
import type { MetricsRecorder } from '@app/metrics';
import { describe, expect, it, vi } from 'vitest';
import { ToolsException } from '../tools.exception.js';
import type { ToolRecord } from '../tools.repository.js';
import { RetryableInvocationError } from './retryable-invocation.error.js';
import { ToolInvocationService } from './tool-invocation.service.js';
import { type ToolCallResult, ToolInvoker, toolErrorResult } from './tool-invoker.js';
import { ToolInvokerRegistry } from './tool-invoker.registry.js';

function tool(overrides: Partial<ToolRecord> = {}): ToolRecord {
  return {
    id: 't1',
    name: 'weather',
    originalName: 'weather',
    integrationType: 'REST',
    requestType: 'GET',
    url: 'http://127.0.0.1:9/w',
    inputSchema: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
      required: ['city'],
    },
    isActive: true,
    reachable: true,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

/** An invoker that answers from a script, one step per attempt. */
class ScriptedInvoker extends ToolInvoker {
  calls = 0;
  constructor(private readonly steps: Array<() => ToolCallResult>) {
    super();
  }
  invoke(): Promise<ToolCallResult> {
    const step = this.steps[Math.min(this.calls++, this.steps.length - 1)];
    return Promise.resolve().then(step);
  }
}

const ok: ToolCallResult = { content: [{ type: 'text', text: 'sunny' }] };

function setUp(invoker?: ToolInvoker, env: Record<string, string> = {}) {
  const registry = new ToolInvokerRegistry();
  if (invoker) registry.register('REST', invoker);
  const recorded: Array<[string, string, number, boolean]> = [];
  const metrics = {
    record: (type: string, id: string, ms: number, success: boolean) =>
      recorded.push([type, id, ms, success]),
  } as unknown as MetricsRecorder;
  const sut = new ToolInvocationService(
    loadGatewayConfig({ MAX_TOOL_RETRIES: '2', ...env }),
    new JsonSchemaValidator(),
    registry,
    metrics,
    { backoffBaseMs: 1, backoffCapMs: 5 },
  );
  return { sut, recorded };
}

const context = () => ({ signal: new AbortController().signal });

describe(ToolInvocationService.name, () => {
  describe('argument validation', () => {
    it('throws TOOL_ARGUMENTS_INVALID naming every problem, before the invoker is called', async () => {
      const invoker = new ScriptedInvoker([() => ok]);
      const { sut, recorded } = setUp(invoker);
      const error = await sut.callTool(tool(), { days: 0 }, context()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolsException);
      expect(error).toMatchObject({ code: 'TOOL_ARGUMENTS_INVALID', status: 422 });
      expect((error as Error).message).toBe(
        "Invalid arguments for tool weather: (root): must have required property 'city'; /days: must be >= 1",
      );
      expect(invoker.calls).toBe(0);
      expect(recorded).toEqual([]);
    });

    it('names a wrongly typed argument', async () => {
      const { sut } = setUp(new ScriptedInvoker([() => ok]));
      await expect(sut.callTool(tool(), { city: 42 }, context())).rejects.toThrow(
        'Invalid arguments for tool weather: /city: must be string',
      );
    });
  });

  it('answers isError when no invoker serves the integration type, and counts a failure', async () => {
    const { sut, recorded } = setUp();
    const result = await sut.callTool(tool({ integrationType: 'MCP' }), { city: 'Oslo' }, context());
    expect(result).toEqual(
      toolErrorResult('The upstream of tool weather is not connected (no MCP invoker is available)'),
    );
    expect(recorded).toEqual([['tool', 't1', expect.any(Number), false]]);
  });

  it('retries retryable failures and counts one call', async () => {
    const invoker = new ScriptedInvoker([
      () => {
        throw new RetryableInvocationError(toolErrorResult('HTTP 503'));
      },
      () => ok,
    ]);
    const { sut, recorded } = setUp(invoker);
    await expect(sut.callTool(tool(), { city: 'Oslo' }, context())).resolves.toEqual(ok);
    expect(invoker.calls).toBe(2);
    expect(recorded).toEqual([['tool', 't1', expect.any(Number), true]]);
  });

  it('gives the last retryable failure once MAX_TOOL_RETRIES retries are spent', async () => {
    const invoker = new ScriptedInvoker([
      () => {
        throw new RetryableInvocationError(toolErrorResult('HTTP 502'));
      },
    ]);
    const { sut, recorded } = setUp(invoker);
    await expect(sut.callTool(tool(), { city: 'Oslo' }, context())).resolves.toEqual(
      toolErrorResult('HTTP 502'),
    );
    expect(invoker.calls).toBe(3);
    expect(recorded).toEqual([['tool', 't1', expect.any(Number), false]]);
  });

  it('does not retry an error result, nor an unexpected exception', async () => {
    const refused = new ScriptedInvoker([() => toolErrorResult('HTTP 400')]);
    await expect(setUp(refused).sut.callTool(tool(), { city: 'x' }, context())).resolves.toEqual(
      toolErrorResult('HTTP 400'),
    );
    expect(refused.calls).toBe(1);

    const broken = new ScriptedInvoker([
      () => {
        throw new Error('boom');
      },
    ]);
    await expect(setUp(broken).sut.callTool(tool(), { city: 'x' }, context())).resolves.toEqual(
      toolErrorResult('Tool weather failed: boom'),
    );
    expect(broken.calls).toBe(1);
  });

  it('does not retry when Retry-After asks for longer than it waits', async () => {
    const invoker = new ScriptedInvoker([
      () => {
        throw new RetryableInvocationError(toolErrorResult('HTTP 429'), 60_000);
      },
    ]);
    const { sut } = setUp(invoker);
    await expect(sut.callTool(tool(), { city: 'x' }, context())).resolves.toEqual(
      toolErrorResult('HTTP 429'),
    );
    expect(invoker.calls).toBe(1);
  });

  it('answers cancelled without calling when the caller already aborted', async () => {
    const invoker = new ScriptedInvoker([() => ok]);
    const { sut } = setUp(invoker);
    const caller = new AbortController();
    caller.abort();
    await expect(sut.callTool(tool(), { city: 'x' }, { signal: caller.signal })).resolves.toEqual(
      toolErrorResult('The call of tool weather was cancelled'),
    );
    expect(invoker.calls).toBe(0);
  });

  describe("with the caller's own controller (context.abort)", () => {
    /** Waits until its signal aborts, then rejects with the reason. */
    class HangingInvoker extends ToolInvoker {
      signals: AbortSignal[] = [];
      invoke(_tool: ToolRecord, _args: Record<string, unknown>, ctx: { signal: AbortSignal }) {
        this.signals.push(ctx.signal);
        return new Promise<ToolCallResult>((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
        );
      }
    }

    it('stops a timed-out call through that controller and says it timed out', async () => {
      vi.useFakeTimers();
      try {
        const invoker = new HangingInvoker();
        const { sut } = setUp(invoker, { TOOL_TIMEOUT: '1' });
        const controller = new AbortController();
        const call = sut.callTool(
          tool(),
          { city: 'Oslo' },
          {
            signal: controller.signal,
            abort: (reason) => controller.abort(reason),
          },
        );
        await vi.advanceTimersByTimeAsync(1000);
        const result = await call;
        expect(result).toMatchObject({
          isError: true,
          content: [{ text: expect.stringMatching(/timed out/) }],
        });
        expect(invoker.signals).toEqual([controller.signal]);
        expect(controller.signal.aborted).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    });

    it('answers cancelled when the caller aborts, and still retries retryable failures', async () => {
      const invoker = new HangingInvoker();
      const { sut } = setUp(invoker);
      const controller = new AbortController();
      const call = sut.callTool(
        tool(),
        { city: 'Oslo' },
        {
          signal: controller.signal,
          abort: (reason) => controller.abort(reason),
        },
      );
      controller.abort(new Error('client said stop'));
      expect(JSON.stringify(await call)).toMatch(/cancelled/);

      const flaky = new ScriptedInvoker([
        () => {
          throw new RetryableInvocationError(toolErrorResult('HTTP 503'));
        },
        () => ok,
      ]);
      const second = setUp(flaky).sut;
      const own = new AbortController();
      await expect(
        second.callTool(tool(), { city: 'Oslo' }, { signal: own.signal, abort: (r) => own.abort(r) }),
      ).resolves.toEqual(ok);
      expect(flaky.calls).toBe(2);
    });
  });

  it('releases the concurrency slot after each call', async () => {
    const { sut } = setUp(new ScriptedInvoker([() => ok]), {
      TOOL_CONCURRENT_LIMIT: '1',
      TOOL_RATE_LIMIT: '2',
    });
    await sut.callTool(tool(), { city: 'x' }, context());
    await sut.callTool(tool(), { city: 'x' }, context());
    await expect(sut.callTool(tool(), { city: 'x' }, context())).rejects.toMatchObject({
      code: 'TOOL_RATE_LIMITED',
      status: 429,
    });
  });

  describe('result shaping', () => {
    const forecast: ToolCallResult = {
      content: [{ type: 'text', text: '{"city":"Oslo","now":{"temperature":21}}' }],
      structuredContent: { city: 'Oslo', now: { temperature: 21 } },
    };

    it('applies the jsonpath_filter to a successful result', async () => {
      const { sut, recorded } = setUp(new ScriptedInvoker([() => forecast]));
      await expect(
        sut.callTool(tool({ jsonpathFilter: '$.now.temperature' }), { city: 'Oslo' }, context()),
      ).resolves.toEqual({ content: [{ type: 'text', text: '21' }], structuredContent: { result: 21 } });
      expect(recorded).toEqual([['tool', 't1', expect.any(Number), true]]);
    });

    it('answers isError, counted as a failure, when the filter fails or the result breaks the output schema', async () => {
      const { sut, recorded } = setUp(new ScriptedInvoker([() => forecast]));
      await expect(
        sut.callTool(tool({ jsonpathFilter: '$.nothing' }), { city: 'Oslo' }, context()),
      ).resolves.toEqual(
        toolErrorResult(
          'Tool weather: its jsonpath_filter "$.nothing" failed: it matched nothing in the result',
        ),
      );
      const outputSchema = { type: 'object', properties: { city: { type: 'number' } } };
      await expect(sut.callTool(tool({ outputSchema }), { city: 'Oslo' }, context())).resolves.toEqual(
        toolErrorResult('Tool weather: the result does not match its outputSchema: /city: must be number'),
      );
      expect(recorded.map(([, , , success]) => success)).toEqual([false, false]);
    });

    it('passes error results through untouched', async () => {
      const failed = toolErrorResult('HTTP 400');
      const { sut } = setUp(new ScriptedInvoker([() => failed]));
      await expect(
        sut.callTool(
          tool({ jsonpathFilter: '$.x', outputSchema: { type: 'object', required: ['x'] } }),
          { city: 'Oslo' },
          context(),
        ),
      ).resolves.toEqual(failed);
    });
  });
});
