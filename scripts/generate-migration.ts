/**
 * Writes a migration per dialect for whatever the entities have that the migrations do not:
 *   npm run migration:generate -- AddToolTags
 * Each dialect's file lands in migrations/<dialect>/ and is appended to that folder's index.ts.
 * Review the SQL before committing; rename nothing after it has shipped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as prettier from 'prettier';
import type { Query } from 'typeorm/driver/Query.js';
import { pendingSchemaChanges, scratchPostgresUrl, type Dialect } from '../migrations/schema-diff.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  process.stderr.write('usage: npm run migration:generate -- <PascalCaseIntent>   e.g. AddToolTags\n');
  process.exit(2);
}

// dist/scripts → repository root; migrations are written as TypeScript sources.
const root = fileURLToPath(new URL('../../', import.meta.url));
const timestamp = Date.now();
const className = `${name}${timestamp}`;

function render(queries: Query[]): string {
  return queries
    .map((q) => {
      const sql = q.query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
      const params = q.parameters && q.parameters.length > 0 ? `, ${JSON.stringify(q.parameters)}` : '';
      return `    await queryRunner.query(\`${sql}\`${params});`;
    })
    .join('\n');
}

let wrote = 0;
for (const dialect of ['sqlite', 'postgres'] as Dialect[]) {
  const diff = await pendingSchemaChanges(dialect, scratchPostgresUrl(process.env));
  if (diff.up.length === 0) {
    process.stdout.write(`${dialect}: schema already matches the entities; nothing to write\n`);
    continue;
  }
  const file = `${timestamp}-${name}`;
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${render(diff.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${render(diff.down)}
  }
}
`;
  const options = (await prettier.resolveConfig(join(root, 'package.json'))) ?? {};
  writeFileSync(
    join(root, 'migrations', dialect, `${file}.ts`),
    await prettier.format(source, { ...options, parser: 'typescript' }),
  );
  const indexPath = join(root, 'migrations', dialect, 'index.ts');
  const index = readFileSync(indexPath, 'utf8');
  const exportName = dialect === 'sqlite' ? 'sqliteMigrations' : 'postgresMigrations';
  const list = new RegExp(`(export const ${exportName}\\b[^\\n]*= \\[)([\\s\\S]*?)(\\];)`);
  if (!list.test(index)) throw new Error(`Cannot find the ${exportName} list in ${indexPath}`);
  const withList = index.replace(list, (_m, head: string, body: string, tail: string) => {
    const entries = [...body.split(/[\s,]+/).filter(Boolean), className];
    return `${head}\n${entries.map((e) => `  ${e},`).join('\n')}\n${tail}`;
  });
  const lastImport = withList.lastIndexOf('\nimport ');
  const insertAt = withList.indexOf('\n', lastImport + 1) + 1;
  const updated = await prettier.format(
    `${withList.slice(0, insertAt)}import { ${className} } from './${file}.js';\n${withList.slice(insertAt)}`,
    { ...options, parser: 'typescript' },
  );
  writeFileSync(indexPath, updated);
  process.stdout.write(`${dialect}: wrote migrations/${dialect}/${file}.ts (${diff.up.length} statements)\n`);
  wrote++;
}
process.stdout.write(wrote > 0 ? 'Review the SQL, then commit both files.\n' : '');
