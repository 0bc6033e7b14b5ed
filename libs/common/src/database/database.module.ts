import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import BetterSqlite3 from 'better-sqlite3';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { postgresMigrations, sqliteMigrations } from '@app/migrations';
import { GatewayConfig } from '../config/gateway-config.js';
import { parseDatabaseUrl } from './database-url.js';
import { DatabaseHealth } from './database-health.js';
import { TransactionRunner } from './transaction-runner.js';

// Any constant works; it only has to be the same in every replica so that one migrates at a time.
const MIGRATION_LOCK_KEY = 4_444_4444;

/** TypeORM options for the configured database; schema comes only from migrations, never from synchronize. */
export function dataSourceOptions(config: GatewayConfig): DataSourceOptions {
  const target = parseDatabaseUrl(config.databaseUrl);
  const common = {
    synchronize: false,
    migrationsRun: false,
    logging: false as const,
    migrationsTransactionMode: 'each' as const,
  };
  if (target.dialect === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.path,
      migrations: sqliteMigrations,
      // WAL is switched on by openDataSource (it needs a retry when another process holds the file).
      enableWAL: false,
      timeout: config.dbPoolTimeout * 1000,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: target.url,
    migrations: postgresMigrations,
    applicationName: config.appName,
    extra: {
      // pg has no separate overflow: the pool may grow to size + overflow, and shrinks when idle.
      max: config.dbPoolSize + config.dbMaxOverflow,
      connectionTimeoutMillis: config.dbPoolTimeout * 1000,
      idleTimeoutMillis: 30_000,
      maxLifetimeSeconds: config.dbPoolRecycle,
    },
  };
}

/** Opens the data source and brings the schema up to date; replicas on PostgreSQL migrate one at a time. */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (options.type === 'better-sqlite3' && options.database !== ':memory:') {
    await useWriteAheadLog(options.database);
  }
  const dataSource = await new DataSource(options).initialize();
  try {
    if (options.type === 'postgres') {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await dataSource.runMigrations({ transaction: 'each' });
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        await runner.release();
      }
    } else {
      await migrateSqlite(dataSource);
    }
    return dataSource;
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/**
 * WAL lets readers run beside the writer. The switch is stored in the file, and needs a moment of exclusive
 * access, which SQLite refuses at once (no busy wait) while another process is starting on the same file.
 */
async function useWriteAheadLog(path: string, attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const db = new BetterSqlite3(path, { timeout: 5000 });
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (attempt >= attempts || !/locked|busy/i.test(String(error))) throw error;
    } finally {
      db.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

/**
 * SQLite has no advisory locks: when two processes migrate one file at once, the loser's migration fails
 * ("already exists") and rolls back; once the winner has committed, running again finds nothing to do.
 */
async function migrateSqlite(dataSource: DataSource, attempts = 10): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      return;
    } catch (error) {
      if (attempt >= attempts || !/already exists/i.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/**
 * The database connection (SQLite file by default, PostgreSQL by URL). Registries bring their entities with
 * TypeOrmModule.forFeature; start-up tries DB_MAX_RETRIES times, DB_RETRY_INTERVAL_MS apart.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig): TypeOrmModuleOptions => ({
        ...dataSourceOptions(config),
        autoLoadEntities: true,
        retryAttempts: Math.max(0, config.dbMaxRetries - 1),
        retryDelay: config.dbRetryIntervalMs,
        verboseRetryLog: false,
      }),
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('Database options are missing');
        return openDataSource(options);
      },
    }),
  ],
  providers: [DatabaseHealth, TransactionRunner],
  exports: [DatabaseHealth, TransactionRunner],
})
export class DatabaseModule {}
