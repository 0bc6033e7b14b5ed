import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DatabaseStatus {
  dialect: 'sqlite' | 'postgres';
  reachable: boolean;
  latencyMs?: number;
  error?: string;
}

/** Answers "can we talk to the database right now?" for /health, /ready and /version. */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly dataSource: DataSource) {}

  get dialect(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async check(timeoutMs = 2000): Promise<DatabaseStatus> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      if (!this.dataSource.isInitialized) throw new Error('not connected');
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return {
        dialect: this.dialect,
        reachable: true,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
      };
    } catch (error) {
      return {
        dialect: this.dialect,
        reachable: false,
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
