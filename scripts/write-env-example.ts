// Regenerates .env.example from the configuration metadata: npm run env:example
import { writeFileSync } from 'node:fs';
import { renderEnvExample } from '@app/common';

writeFileSync(new URL('../../.env.example', import.meta.url), renderEnvExample());
process.stdout.write('wrote .env.example\n');
