import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppInfo {
  name: string;
  version: string;
  /** Directory that holds the project's package.json (the repository, or /app in the image). */
  root: string;
}

let cached: AppInfo | undefined;

/** The package's name and version, found by walking up from this file (works from sources and from dist/). */
export function appInfo(): AppInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mcp-gateway')
        return (cached = { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir });
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = { name: 'mcp-gateway', version: '0.0.0', root: process.cwd() });
    dir = parent;
  }
}
