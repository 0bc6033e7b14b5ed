import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatSampleValue, renderPrometheus } from './prometheus-exposition.js';
import { entryOf } from './test/metric-totals.factory.js';

describe(escapeLabelValue.name, () => {
  it.each([
    ['plain-id_1', 'plain-id_1'],
    ['say "hi"', 'say \\"hi\\"'],
    ['C:\\tools\\x', 'C:\\\\tools\\\\x'],
    ['two\nlines', 'two\\nlines'],
    ['\\"', '\\\\\\"'],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeLabelValue(value)).toBe(escaped);
  });
});

describe(formatSampleValue.name, () => {
  it.each([
    [3, '3'],
    [0.125, '0.125'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('writes %s as %s', (value, text) => {
    expect(formatSampleValue(value)).toBe(text);
  });
});

describe(renderPrometheus.name, () => {
  it('writes every family with HELP and TYPE even when there is nothing to report', () => {
    const sut = renderPrometheus([]);
    expect(sut).toBe(
      [
        '# HELP mcpgateway_executions_total Executions of tools, resources, prompts and servers, by outcome.',
        '# TYPE mcpgateway_executions_total counter',
        '# HELP mcpgateway_response_time_seconds Response time of executions, in seconds.',
        '# TYPE mcpgateway_response_time_seconds summary',
        '# HELP mcpgateway_response_time_min_seconds Fastest execution, in seconds.',
        '# TYPE mcpgateway_response_time_min_seconds gauge',
        '# HELP mcpgateway_response_time_max_seconds Slowest execution, in seconds.',
        '# TYPE mcpgateway_response_time_max_seconds gauge',
        '# HELP mcpgateway_last_execution_timestamp_seconds When the latest execution finished, as a Unix time in seconds.',
        '# TYPE mcpgateway_last_execution_timestamp_seconds gauge',
        '',
      ].join('\n'),
    );
  });

  it('writes counters by outcome, sum and count, min, max and last time for each entity', () => {
    const sut = renderPrometheus([
      entryOf('tool', 't1', {
        totalExecutions: 3,
        successfulExecutions: 2,
        failedExecutions: 1,
        minResponseTime: 0.25,
        maxResponseTime: 1.5,
        totalResponseTime: 2,
        lastExecutionTime: 1_700_000_000_500,
      }),
    ]);
    const samples = sut.split('\n').filter((line) => line && !line.startsWith('#'));
    const labels = 'entity_type="tool",entity_id="t1"';
    expect(samples).toEqual([
      `mcpgateway_executions_total{${labels},outcome="success"} 2`,
      `mcpgateway_executions_total{${labels},outcome="failure"} 1`,
      `mcpgateway_response_time_seconds_sum{${labels}} 2`,
      `mcpgateway_response_time_seconds_count{${labels}} 3`,
      `mcpgateway_response_time_min_seconds{${labels}} 0.25`,
      `mcpgateway_response_time_max_seconds{${labels}} 1.5`,
      `mcpgateway_last_execution_timestamp_seconds{${labels}} 1700000000.5`,
    ]);
    expect(sut.endsWith('\n')).toBe(true);
  });

  it('keeps each family together, with its samples right under its TYPE line', () => {
    const sut = renderPrometheus([
      entryOf('tool', 'a', { totalExecutions: 1, successfulExecutions: 1 }),
      entryOf('server', 'b', { totalExecutions: 1, failedExecutions: 1 }),
    ]);
    const lines = sut.split('\n');
    const type = lines.indexOf('# TYPE mcpgateway_executions_total counter');
    expect(lines.slice(type + 1, type + 5).every((l) => l.startsWith('mcpgateway_executions_total{'))).toBe(
      true,
    );
    expect(lines[type + 5]).toMatch(/^# HELP mcpgateway_response_time_seconds /);
  });

  it('orders entities by kind and id, whatever order they come in', () => {
    const sut = renderPrometheus([
      entryOf('tool', 'b', { totalExecutions: 1 }),
      entryOf('prompt', 'z', { totalExecutions: 1 }),
      entryOf('tool', 'a', { totalExecutions: 1 }),
    ]);
    const ids = [
      ...sut.matchAll(/^mcpgateway_response_time_seconds_count\{entity_type="(\w+)",entity_id="(\w+)"\}/gm),
    ].map((m) => `${m[1]}/${m[2]}`);
    expect(ids).toEqual(['prompt/z', 'tool/a', 'tool/b']);
  });

  it('leaves out min, max and last time an entity does not have', () => {
    const sut = renderPrometheus([entryOf('resource', 'r', {})]);
    expect(sut).toContain('mcpgateway_response_time_seconds_count{entity_type="resource",entity_id="r"} 0');
    expect(sut).not.toMatch(/^mcpgateway_response_time_min_seconds\{/m);
    expect(sut).not.toMatch(/^mcpgateway_last_execution_timestamp_seconds\{/m);
  });

  it('escapes label values so an id cannot break the line or inject a label', () => {
    const sut = renderPrometheus([
      entryOf('tool', 'x",evil="1\nmcpgateway_fake 1\\', { totalExecutions: 1 }),
    ]);
    expect(sut).toContain(
      'mcpgateway_response_time_seconds_count{entity_type="tool",entity_id="x\\",evil=\\"1\\nmcpgateway_fake 1\\\\"} 1',
    );
    expect(sut.split('\n').some((line) => line.startsWith('mcpgateway_fake'))).toBe(false);
  });
});
