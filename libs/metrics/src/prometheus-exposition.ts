import type { EntityMetricTotals } from './metric-totals.js';

/** The Content-Type of the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * A label value as the text format wants it: backslash, double quote and line feed escaped.
 *
 * @example
 *   escapeLabelValue('say "hi"\n') // 'say \\"hi\\"\\n'
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value as the text format wants it (Go's float spelling for the special values). */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'summary';
  help: string;
  samples: string[];
}

/**
 * Renders per-entity totals in the Prometheus text exposition format (version 0.0.4): execution counters by
 * outcome, response time as a summary without quantiles (`_sum` and `_count`), fastest and slowest
 * execution and the time of the latest one as gauges. Entities are sorted, so the output is stable.
 */
export function renderPrometheus(entries: readonly EntityMetricTotals[]): string {
  const executions: Family = {
    name: 'mcpgateway_executions_total',
    type: 'counter',
    help: 'Executions of tools, resources, prompts and servers, by outcome.',
    samples: [],
  };
  const responseTime: Family = {
    name: 'mcpgateway_response_time_seconds',
    type: 'summary',
    help: 'Response time of executions, in seconds.',
    samples: [],
  };
  const fastest: Family = {
    name: 'mcpgateway_response_time_min_seconds',
    type: 'gauge',
    help: 'Fastest execution, in seconds.',
    samples: [],
  };
  const slowest: Family = {
    name: 'mcpgateway_response_time_max_seconds',
    type: 'gauge',
    help: 'Slowest execution, in seconds.',
    samples: [],
  };
  const latest: Family = {
    name: 'mcpgateway_last_execution_timestamp_seconds',
    type: 'gauge',
    help: 'When the latest execution finished, as a Unix time in seconds.',
    samples: [],
  };

  const sorted = [...entries].sort((a, b) => compare(a.type, b.type) || compare(a.id, b.id));
  for (const { type, id, totals } of sorted) {
    const labels = `entity_type="${escapeLabelValue(type)}",entity_id="${escapeLabelValue(id)}"`;
    const sample = (name: string, value: number, extra = '') =>
      `${name}{${labels}${extra}} ${formatSampleValue(value)}`;
    executions.samples.push(
      sample(executions.name, totals.successfulExecutions, ',outcome="success"'),
      sample(executions.name, totals.failedExecutions, ',outcome="failure"'),
    );
    responseTime.samples.push(
      sample(`${responseTime.name}_sum`, totals.totalResponseTime),
      sample(`${responseTime.name}_count`, totals.totalExecutions),
    );
    if (totals.minResponseTime !== null) fastest.samples.push(sample(fastest.name, totals.minResponseTime));
    if (totals.maxResponseTime !== null) slowest.samples.push(sample(slowest.name, totals.maxResponseTime));
    if (totals.lastExecutionTime !== null)
      latest.samples.push(sample(latest.name, totals.lastExecutionTime / 1000));
  }

  return [executions, responseTime, fastest, slowest, latest]
    .map((family) =>
      [
        `# HELP ${family.name} ${family.help}`,
        `# TYPE ${family.name} ${family.type}`,
        ...family.samples,
      ].join('\n'),
    )
    .join('\n')
    .concat('\n');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
