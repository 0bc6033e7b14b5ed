import 'reflect-metadata';
import { Command } from 'commander';
import { appInfo, readEnvFile } from '@app/common';
import { serveCommand } from './serve.command.js';
import { tokenCommand } from './token.command.js';

// Same zone as the server (see apps/gateway/src/main.ts).
process.env.TZ = 'UTC';

// The token command reads the same .env as the server, so its defaults match the gateway beside it.
const env = { ...readEnvFile(process.env.ENV_FILE ?? '.env'), ...process.env };

/** `mcpgateway <command>`: one bin for the server and its tools; `serve` runs when no command is given. */
const program = new Command('mcpgateway')
  .description('MCP gateway, proxy and registry')
  .version(appInfo().version)
  .addCommand(serveCommand(process.env), { isDefault: true })
  .addCommand(tokenCommand(env));

await program.parseAsync(process.argv);
