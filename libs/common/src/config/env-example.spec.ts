import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { envVarsOf } from './env-var.decorator.js';
import { GatewayConfig } from './gateway-config.js';
import { renderEnvExample } from './env-example.js';
import { loadGatewayConfig } from './load-config.js';

describe(renderEnvExample.name, () => {
  it('matches the checked-in .env.example (run `npm run env:example` after changing the configuration)', () => {
    expect(readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8')).toBe(
      renderEnvExample(),
    );
  });

  it('lists every configuration variable once', () => {
    const listed = Object.keys(parseEnv(renderEnvExample()));
    expect(listed.sort()).toEqual(
      envVarsOf(GatewayConfig)
        .map((m) => m.env)
        .sort(),
    );
  });

  it('is itself a valid configuration that gives the defaults', () => {
    expect(loadGatewayConfig(parseEnv(renderEnvExample()))).toEqual(loadGatewayConfig({}));
  });
});
