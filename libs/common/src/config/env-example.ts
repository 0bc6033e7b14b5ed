import { envVarsOf } from './env-var.decorator.js';
import { GatewayConfig } from './gateway-config.js';

function show(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The text of .env.example, made from the configuration's own metadata so that it lists every variable,
 * with its description and default, and cannot drift from the code (a test compares the two).
 */
export function renderEnvExample(): string {
  const defaults = new GatewayConfig() as unknown as Record<string, unknown>;
  const lines = [
    '# MCP Gateway configuration. Copy to .env and edit; real environment variables win over this file.',
    '# Generated from libs/common/src/config/gateway-config.ts by `npm run env:example`: do not edit by hand.',
  ];
  let group = '';
  for (const meta of envVarsOf(GatewayConfig)) {
    if (meta.group !== group) {
      group = meta.group;
      lines.push('', `# ── ${group}`);
    }
    lines.push(`# ${meta.description}${meta.sensitive ? ' [secret: never logged]' : ''}`);
    lines.push(`${meta.env}=${show(defaults[meta.property])}`);
  }
  return `${lines.join('\n')}\n`;
}
