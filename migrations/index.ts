/** Schema history per dialect, oldest first; see scripts/generate-migration.ts. */
export { sqliteMigrations } from './sqlite/index.js';
export { postgresMigrations } from './postgres/index.js';
