import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795597431195 } from './1795597431195-InitialSchema.js';

/** SQLite schema history, oldest first (npm run migration:generate appends here). */
export const sqliteMigrations: (new () => MigrationInterface)[] = [InitialSchema1795597431195];
