// Copies static assets the server serves from dist/ (the ReDoc bundle), so the image needs no dev dependency.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
mkdirSync(join(root, 'dist/static'), { recursive: true });
copyFileSync(
  join(dirname(require.resolve('redoc/package.json')), 'bundles/redoc.standalone.js'),
  join(root, 'dist/static/redoc.standalone.js'),
);
