import { describe, expect, it } from 'vitest';
import { ConfigValidationError, loadGatewayConfig, redactedConfig } from './load-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe(loadGatewayConfig.name, () => {
  it('gives the reference defaults for an empty environment', () => {
    const sut = loadGatewayConfig({});
    expect(sut.port).toBe(4444);
    expect(sut.host).toBe('0.0.0.0');
    expect(sut.databaseUrl).toBe('sqlite:///./mcp.db');
    expect(sut.authRequired).toBe(true);
    expect(sut.allowedOrigins).toEqual(['http://localhost', 'http://localhost:4444']);
    expect(sut.unhealthyThreshold).toBe(3);
  });

  it('parses integers, booleans and JSON arrays', () => {
    const sut = loadGatewayConfig({
      PORT: '8080',
      AUTH_REQUIRED: 'false',
      ALLOWED_ORIGINS: '["https://a.example"]',
      UNHEALTHY_THRESHOLD: '-1',
    });
    expect(sut.port).toBe(8080);
    expect(sut.authRequired).toBe(false);
    expect(sut.allowedOrigins).toEqual(['https://a.example']);
    expect(sut.unhealthyThreshold).toBe(-1);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['ALLOWED_ORIGINS', 'http://a,http://b'],
    ['LOG_LEVEL', 'LOUD'],
    ['AUTH_REQUIRED', 'maybe'],
    ['UNHEALTHY_THRESHOLD', '0'],
    ['DATABASE_URL', 'mysql://x'],
    ['TRANSPORT_TYPE', 'carrier-pigeon'],
  ])('names %s when it is %s', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} `));
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ PORT: 'abc', LOG_LEVEL: 'LOUD' }).map((p) => p.split(' ')[0])).toEqual([
      'PORT',
      'LOG_LEVEL',
    ]);
  });

  it('requires REDIS_URL when CACHE_TYPE=redis', () => {
    expect(problemsOf({ CACHE_TYPE: 'redis' })[0]).toMatch(/^REDIS_URL /);
  });

  it('never shows a secret value in its messages', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@db/x' });
    expect(problems.join()).not.toContain('hunter2');
  });

  it('redacts secrets and URL passwords when showing the configuration', () => {
    const shown = redactedConfig(
      loadGatewayConfig({ JWT_SECRET_KEY: 'k3y', DATABASE_URL: 'postgresql://u:pw@h/db' }),
    );
    expect(shown.JWT_SECRET_KEY).toBe('***');
    expect(shown.DATABASE_URL).toBe('postgresql://u:***@h/db');
    expect(JSON.stringify(shown)).not.toContain('k3y');
  });
});
