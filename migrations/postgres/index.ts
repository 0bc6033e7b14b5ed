import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795597431195 } from './1795597431195-InitialSchema.js';

/** PostgreSQL schema history, oldest first (npm run migration:generate appends here). */
export const postgresMigrations: (new () => MigrationInterface)[] = [InitialSchema1795597431195];
