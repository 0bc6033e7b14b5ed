import Database from 'better-sqlite3';
import pg from 'pg';
import type { TestDatabase } from './gateway-process.js';

/** Every row of every table (migrations bookkeeping aside), as one comparable string. */
export async function snapshotDatabase(db: TestDatabase): Promise<string> {
  const dump: Record<string, unknown[]> = {};
  if (db.kind === 'sqlite') {
    const file = new Database(db.url.slice('sqlite:///'.length), { readonly: true });
    try {
      const tables = file
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY name",
        )
        .all() as {
        name: string;
      }[];
      for (const { name } of tables) dump[name] = file.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all();
    } finally {
      file.close();
    }
  } else {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const tables = await client.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename",
      );
      for (const { tablename } of tables.rows)
        dump[tablename] = (await client.query(`SELECT * FROM "${tablename}" ORDER BY 1, 2`)).rows;
    } finally {
      await client.end();
    }
  }
  return JSON.stringify(dump);
}
