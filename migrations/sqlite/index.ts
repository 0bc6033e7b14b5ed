import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795595769203 } from './1795595769203-InitialSchema.js';

/** SQLite schema history, oldest first (npm run migration:generate appends here). */
export const sqliteMigrations: (new () => MigrationInterface)[] = [InitialSchema1795595769203];
