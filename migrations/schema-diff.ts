import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { Query } from 'typeorm/driver/Query.js';
import { ALL_ENTITIES } from './entities.js';
import { postgresMigrations, sqliteMigrations } from './index.js';

export type Dialect = 'sqlite' | 'postgres';

export interface SchemaDiff {
  up: Query[];
  down: Query[];
}

/** PostgreSQL server used for scratch databases (tests and the generator); database `test` must exist. */
export function scratchPostgresUrl(env: Record<string, string | undefined>): string {
  return env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
}

/**
 * Creates an empty scratch database of the dialect, runs every migration, and returns what TypeORM would
 * still change to match the entities. Empty means migrations and entities agree.
 */
export async function pendingSchemaChanges(dialect: Dialect, postgresUrl: string): Promise<SchemaDiff> {
  return withScratchDatabase(dialect, postgresUrl, async (options) => {
    const dataSource = await new DataSource({ ...options, entities: ALL_ENTITIES }).initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const sql = await dataSource.driver.createSchemaBuilder().log();
      return { up: sql.upQueries, down: sql.downQueries.reverse() };
    } finally {
      await dataSource.destroy();
    }
  });
}

/** Runs `work` against a new empty database of the dialect, then removes it. */
export async function withScratchDatabase<T>(
  dialect: Dialect,
  postgresUrl: string,
  work: (options: DataSourceOptions) => Promise<T>,
): Promise<T> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mcpgw-schema-'));
    try {
      return await work({
        type: 'better-sqlite3',
        database: join(dir, 'scratch.db'),
        migrations: sqliteMigrations,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `mcpgw_scratch_${randomBytes(6).toString('hex')}`;
  const admin = await new DataSource({ type: 'postgres', url: postgresUrl }).initialize();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    try {
      return await work({ type: 'postgres', url: url.toString(), migrations: postgresMigrations });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.destroy();
  }
}
