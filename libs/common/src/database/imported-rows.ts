import {
  type EntityManager,
  type EntityTarget,
  type FindOptionsWhere,
  In,
  type ObjectLiteral,
} from 'typeorm';

/** What syncing one upstream's rows of one registry did. */
export interface ImportedRowsChange<T> {
  created: T[];
  updated: T[];
  deleted: T[];
  /** Rows not imported, with why (their unique name or URI belongs to something else). */
  skipped: { key: string; reason: string }[];
}

export interface ImportedRowsSpec<T extends ObjectLiteral> {
  gatewayId: string;
  /** Identity of a row within its upstream (the upstream's own name, or the URI). */
  key: (row: Partial<T>) => string;
  /** The registry-wide unique column (`name`, `uri`), which rows of other owners may already hold. */
  unique: keyof T & string;
  /** The rows the upstream lists now, complete except for generated columns. */
  wanted: Partial<T>[];
  /** Columns that come from the upstream and are refreshed on existing rows (others are the user's). */
  refreshed: (keyof T & string)[];
}

const CHUNK = 500;

/**
 * Makes the rows imported from one upstream match what it lists now, inside the caller's transaction: rows
 * keep their ids (and so their virtual-server associations) across refreshes, changed ones are updated,
 * vanished ones deleted, new ones inserted; a row whose unique name or URI is taken by another owner is skipped.
 */
export async function syncImportedRows<T extends ObjectLiteral & { gatewayId?: string | null }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  spec: ImportedRowsSpec<T>,
): Promise<ImportedRowsChange<T>> {
  const { gatewayId, key, unique, refreshed } = spec;
  const change: ImportedRowsChange<T> = { created: [], updated: [], deleted: [], skipped: [] };
  const existing = await manager.find(entity, { where: { gatewayId } as FindOptionsWhere<T> });
  const mine = new Map(existing.map((row) => [key(row), row]));

  const wanted = new Map<string, Partial<T>>();
  for (const row of spec.wanted) {
    const k = key(row);
    if (wanted.has(k)) change.skipped.push({ key: k, reason: 'listed twice by the upstream' });
    else wanted.set(k, row);
  }

  const gone = existing.filter((row) => !wanted.has(key(row)));
  for (let i = 0; i < gone.length; i += CHUNK) {
    const ids = gone.slice(i, i + CHUNK).map((row) => row.id as unknown);
    await manager.delete(entity, { id: In(ids) });
  }
  change.deleted.push(...gone);

  const values = [...wanted.values()].map((row) => row[unique] as unknown);
  const holders = new Map<unknown, T>();
  for (let i = 0; i < values.length; i += CHUNK) {
    const found = await manager.find(entity, {
      where: { [unique]: In(values.slice(i, i + CHUNK)) } as FindOptionsWhere<T>,
    });
    for (const row of found) holders.set(row[unique], row);
  }

  for (const [k, row] of wanted) {
    const current = mine.get(k);
    const holder = holders.get(row[unique]);
    if (holder && holder.gatewayId !== gatewayId) {
      change.skipped.push({ key: k, reason: `${unique} "${String(row[unique])}" is already taken` });
      continue;
    }
    if (!current) {
      const saved = await manager.save(entity, manager.create(entity, row as T));
      change.created.push(saved);
      continue;
    }
    const changes = refreshed.filter((column) => !sameValue(current[column], row[column]));
    if (changes.length === 0) continue;
    const next = manager.merge(entity, current, Object.fromEntries(changes.map((c) => [c, row[c]])) as T);
    change.updated.push(await manager.save(entity, next));
  }
  return change;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Sets columns on every row imported from one upstream; returns the rows that changed, as they are now. */
export async function updateImportedRows<T extends ObjectLiteral & { gatewayId?: string | null }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  gatewayId: string,
  changes: Partial<T>,
): Promise<T[]> {
  const rows = await manager.find(entity, { where: { gatewayId } as FindOptionsWhere<T> });
  const columns = Object.keys(changes) as (keyof T & string)[];
  const changed = rows.filter((row) => columns.some((c) => !sameValue(row[c], changes[c])));
  for (let i = 0; i < changed.length; i += CHUNK) {
    const ids = changed.slice(i, i + CHUNK).map((row) => row.id as unknown);
    await manager.update(
      entity,
      { id: In(ids) },
      {
        ...changes,
        updatedAt: new Date(),
      },
    );
  }
  return changed.map((row) => ({ ...row, ...changes, updatedAt: new Date() }));
}

/** A registry's answer to an import: counts, what was skipped, and the events to publish after commit. */
export interface ImportOutcome {
  created: number;
  updated: number;
  deleted: number;
  skipped: { key: string; reason: string }[];
  /** Publishes the registry events of the change; call only once the transaction has committed. */
  publish(): void;
}

/** An ImportOutcome from a change, publishing each row's event through `announce`. */
export function importOutcome<T>(
  change: ImportedRowsChange<T>,
  announce: (action: 'created' | 'updated' | 'deleted', row: T) => void,
): ImportOutcome {
  return {
    created: change.created.length,
    updated: change.updated.length,
    deleted: change.deleted.length,
    skipped: change.skipped,
    publish: () => {
      for (const row of change.deleted) announce('deleted', row);
      for (const row of change.updated) announce('updated', row);
      for (const row of change.created) announce('created', row);
    },
  };
}
