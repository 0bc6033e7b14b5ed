import { describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-fixture.js';
import { e2eDatabase } from './support/gateway-process.js';

// Nothing records executions over HTTP yet, so this file checks the routes' contract on an empty registry;
// counting, flushing and aggregation against both databases are in test/medium/metrics.medium-spec.ts.
describe(`metrics registry (${e2eDatabase()})`, () => {
  const fx = useGateway();

  const zeros = {
    totalExecutions: 0,
    successfulExecutions: 0,
    failedExecutions: 0,
    failureRate: 0,
    minResponseTime: null,
    maxResponseTime: null,
    avgResponseTime: null,
    lastExecutionTime: null,
  };

  it('answers GET /metrics with zeros for every kind of entity and empty top lists', async () => {
    const res = await fx.api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tools: zeros,
      resources: zeros,
      servers: zeros,
      prompts: zeros,
      topTools: [],
      topResources: [],
      topServers: [],
      topPrompts: [],
    });
  });

  it.each([
    ['', 'Metrics reset for all entities'],
    ['?entity=tool', 'Metrics reset for every tool'],
    ['?entity=resource&id=42', 'Metrics reset for resource 42'],
    [
      '?entity=server&id=6f1c2a9e-0d4b-4c1e-9a7f-3b2d1e0c9f8a',
      'Metrics reset for server 6f1c2a9e-0d4b-4c1e-9a7f-3b2d1e0c9f8a',
    ],
  ])('resets with POST /metrics/reset%s', async (query, message) => {
    const res = await fx.api.post(`/metrics/reset${query}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success', message });
  });

  it('refuses an id without its entity with 422, rather than resetting everything', async () => {
    const res = await fx.api.post('/metrics/reset?id=42');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, code: 'METRICS_RESET_ID_WITHOUT_ENTITY' });
    expect(res.body.detail).toMatch(/entity=tool, resource, prompt or server/);
  });

  it('refuses an unknown entity with 422, naming the known ones', async () => {
    const res = await fx.api.post('/metrics/reset?entity=gateway');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      statusCode: 422,
      code: 'VALIDATION_FAILED',
      detail: 'entity must be one of: tool, resource, prompt, server',
    });
  });

  it('refuses an id longer than any entity id with 422', async () => {
    const res = await fx.api.post(`/metrics/reset?entity=tool&id=${'x'.repeat(65)}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('serves the Prometheus text format with its content type', async () => {
    const res = await fx.api.get('/metrics/prometheus');
    expect(res.status).toBe(200);
    const contentType = res.headers.get('content-type') ?? '';
    expect(contentType.split(';')[0]).toBe('text/plain');
    expect(contentType).toContain('version=0.0.4');
    expect(res.body).toContain('# TYPE mcpgateway_executions_total counter\n');
    expect(res.body).toContain('# TYPE mcpgateway_response_time_seconds summary\n');
  });

  it.each([
    ['GET', '/metrics'],
    ['POST', '/metrics/reset'],
    ['GET', '/metrics/prometheus'],
  ])('refuses %s %s without credentials', async (method, path) => {
    const res = await fetch(`${fx.gw.url}${path}`, { method });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, code: 'AUTH_REQUIRED' });
  });

  it('describes the three routes in the OpenAPI document, guarded, under Metrics', async () => {
    const spec = (await fx.api.get('/openapi.json')).body;
    const operations = [
      spec.paths['/metrics'].get,
      spec.paths['/metrics/reset'].post,
      spec.paths['/metrics/prometheus'].get,
    ];
    expect(operations.map((op) => op.operationId)).toEqual([
      'getMetrics',
      'resetMetrics',
      'getPrometheusMetrics',
    ]);
    for (const op of operations) {
      expect(op.tags).toEqual(['Metrics']);
      expect(op.security).toEqual(expect.arrayContaining([{ bearer: [] }, { basic: [] }]));
    }
    expect(spec.components.schemas.EntityMetricsDto.properties.avgResponseTime).toMatchObject({
      nullable: true,
    });
  });
});
