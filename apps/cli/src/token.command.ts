import { Command, InvalidArgumentError } from 'commander';
import { ConfigValidationError, loadGatewayConfig, type RawEnv } from '@app/common';
import { createToken } from '@app/auth';

function integer(value: string): number {
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError('must be a whole number of minutes (0 = never expires)');
  return Number(value);
}

function claims(value: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new InvalidArgumentError('must be a JSON object, e.g. \'{"role":"ci"}\'');
}

/**
 * `mcpgateway token`: prints a JWT the gateway accepts. Defaults come from the same configuration the
 * server reads (JWT_SECRET_KEY, JWT_ALGORITHM, TOKEN_EXPIRY), so a token made beside a gateway just works.
 */
export function tokenCommand(env: RawEnv): Command {
  return new Command('token')
    .description('Create a JWT for the gateway API (signed with JWT_SECRET_KEY unless --secret is given)')
    .option('-u, --username <name>', 'subject of the token', 'admin')
    .option(
      '-e, --exp <minutes>',
      'minutes until expiry, 0 for a token that never expires (default: TOKEN_EXPIRY)',
      integer,
    )
    .option('-s, --secret <key>', 'signing key (default: JWT_SECRET_KEY)')
    .option('-a, --algo <algorithm>', 'signing algorithm (default: JWT_ALGORITHM)')
    .option('-d, --data <json>', 'extra claims as a JSON object', claims)
    .action(
      (options: {
        username: string;
        exp?: number;
        secret?: string;
        algo?: string;
        data?: Record<string, unknown>;
      }) => {
        let config;
        try {
          config = loadGatewayConfig({
            JWT_SECRET_KEY: options.secret ?? env.JWT_SECRET_KEY,
            JWT_ALGORITHM: options.algo ?? env.JWT_ALGORITHM,
            TOKEN_EXPIRY: env.TOKEN_EXPIRY,
          });
        } catch (error) {
          if (error instanceof ConfigValidationError) {
            process.stderr.write(`${error.message}\n`);
            process.exit(2);
          }
          throw error;
        }
        const token = createToken({
          username: options.username,
          expiresInMinutes: options.exp ?? config.tokenExpiry,
          secret: config.jwtSecretKey,
          algorithm: config.jwtAlgorithm,
          claims: options.data,
        });
        process.stdout.write(`${token}\n`);
      },
    );
}
