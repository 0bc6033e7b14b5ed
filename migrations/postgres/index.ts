import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795595769203 } from './1795595769203-InitialSchema.js';

/** PostgreSQL schema history, oldest first (npm run migration:generate appends here). */
export const postgresMigrations: (new () => MigrationInterface)[] = [InitialSchema1795595769203];
