import { Command, InvalidArgumentError } from 'commander';
import { readEnvFile, type RawEnv } from '@app/common';
// The CLI is a thin shell over the gateway app; serving is the gateway's own start-up path.
import { runGateway } from '../../gateway/src/bootstrap.js';

function port(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return value;
}

/** `mcpgateway serve` (the default command): runs the gateway with flags over the environment over .env. */
export function serveCommand(env: RawEnv): Command {
  return new Command('serve')
    .description('Run the gateway server (default command)')
    .option('-H, --host <address>', 'bind address (default: HOST or 0.0.0.0)')
    .option('-p, --port <port>', 'listen port (default: PORT or 4444)', port)
    .option('-e, --env <file>', 'dotenv file to load (default: .env)')
    .action(async (options: { host?: string; port?: string; env?: string }) => {
      const fileEnv = readEnvFile(options.env ?? env.ENV_FILE ?? '.env');
      await runGateway({
        ...fileEnv,
        ...env,
        ...(options.host ? { HOST: options.host } : {}),
        ...(options.port ? { PORT: options.port } : {}),
      });
    });
}
