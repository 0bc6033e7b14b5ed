import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

import { readFileSync } from 'node:fs';

// Path aliases come from tsconfig.json, so adding a lib touches one file.
const tsconfig = JSON.parse(readFileSync(new URL('./tsconfig.json', import.meta.url), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const alias = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [
    name,
    fileURLToPath(new URL(target, import.meta.url)),
  ]),
);

// SWC compiles the sources with decorator metadata, which Nest's dependency injection needs.
const plugins = [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })];
const resolve = { alias };

export default defineConfig({
  plugins,
  resolve,
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        plugins,
        resolve,
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'test/unit/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        plugins,
        resolve,
        // Real services on loopback (PostgreSQL, Redis), no gateway process.
        test: {
          name: 'medium',
          include: ['test/medium/**/*.medium-spec.ts'],
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        plugins,
        resolve,
        test: {
          name: 'e2e-sqlite',
          include: ['test/e2e/**/*.e2e-spec.ts'],
          env: { E2E_DATABASE: 'sqlite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        plugins,
        resolve,
        test: {
          name: 'e2e-postgres',
          include: ['test/e2e/**/*.e2e-spec.ts'],
          env: { E2E_DATABASE: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
