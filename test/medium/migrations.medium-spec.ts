import { describe, expect, it } from 'vitest';
import { pendingSchemaChanges, scratchPostgresUrl } from '../../migrations/schema-diff.js';

// Migrations are the only source of schema: after running them all, the entities must want nothing more.
describe('migrations', () => {
  it.each(['sqlite', 'postgres'] as const)(
    'bring an empty %s database exactly to the entities',
    async (dialect) => {
      const diff = await pendingSchemaChanges(dialect, scratchPostgresUrl(process.env));
      expect(diff.up.map((q) => q.query)).toEqual([]);
    },
  );
});
