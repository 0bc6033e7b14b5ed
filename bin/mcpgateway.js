#!/usr/bin/env node
// Launcher for the compiled CLI: `npx mcpgateway <command>` inside the repository or the image.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/apps/cli/src/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('mcpgateway is not built yet: run `npm run build` first.\n');
  process.exit(1);
}
await import(entry.href);
