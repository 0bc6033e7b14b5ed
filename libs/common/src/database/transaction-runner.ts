import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs multi-statement writes in one transaction. TypeORM drives SQLite through a single connection, so two
 * transactions open at once would nest as savepoints and commit or roll back each other's work: on SQLite the
 * transactions of this process take turns. PostgreSQL runs them side by side on pooled connections.
 */
@Injectable()
export class TransactionRunner {
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'postgres') return this.dataSource.transaction(work);
    const run = this.turn.then(() => this.dataSource.transaction(work));
    this.turn = run.catch(() => undefined);
    return run;
  }
}
