import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const SOURCES = ['prompt-render.worker.ts', 'prompt-template-sandbox.ts', 'prompt-render.protocol.ts'];

/** A compiled copy of the render worker for unit tests, which run the TypeScript sources. */
export interface CompiledWorker {
  url: URL;
  remove(): Promise<void>;
}

/**
 * Compiles the worker and what it imports to ES modules in a temp directory, as tsc does for dist/, with
 * node_modules linked so that `nunjucks` and `lru-cache` resolve.
 */
export async function compileWorker(): Promise<CompiledWorker> {
  const src = fileURLToPath(new URL('../', import.meta.url));
  const repo = fileURLToPath(new URL('../../../../', import.meta.url));
  const dir = await mkdtemp(join(tmpdir(), 'prompt-worker-'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
  await symlink(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const file of SOURCES) {
    const { code } = await transformFile(join(src, file), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
      swcrc: false,
    });
    await writeFile(join(dir, file.replace(/\.ts$/, '.js')), code);
  }
  return {
    url: new URL(`file://${join(dir, 'prompt-render.worker.js')}`),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
