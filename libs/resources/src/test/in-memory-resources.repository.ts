import { type NewResourceRecord, type ResourceRecord, ResourcesRepository } from '../resources.repository.js';

/** The resources table as a map, for unit tests: ids from a sequence, unique URIs, copies in and out. */
export class InMemoryResourcesRepository extends ResourcesRepository {
  readonly rows = new Map<number, ResourceRecord>();
  /** How many times findByUri ran: a read served from the cache does not touch the repository. */
  uriLookups = 0;
  private nextId = 1;

  list({ includeInactive }: { includeInactive: boolean }): Promise<ResourceRecord[]> {
    return Promise.resolve([...this.rows.values()].filter((r) => includeInactive || r.isActive).map(copy));
  }

  findById(id: number): Promise<ResourceRecord | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? copy(row) : null);
  }

  findByUri(uri: string): Promise<ResourceRecord | null> {
    this.uriLookups++;
    const row = [...this.rows.values()].find((r) => r.uri === uri);
    return Promise.resolve(row ? copy(row) : null);
  }

  findByIds(ids: number[]): Promise<ResourceRecord[]> {
    return Promise.resolve(
      ids.flatMap((id) => {
        const row = this.rows.get(id);
        return row ? [copy(row)] : [];
      }),
    );
  }

  insert(resource: NewResourceRecord): Promise<ResourceRecord> {
    if ([...this.rows.values()].some((r) => r.uri === resource.uri))
      return Promise.reject(new Error('UNIQUE constraint failed: resources.uri'));
    const now = new Date();
    const row: ResourceRecord = { ...resource, id: this.nextId++, createdAt: now, updatedAt: now };
    this.rows.set(row.id, row);
    return Promise.resolve(copy(row));
  }

  update(id: number, changes: Partial<NewResourceRecord>): Promise<ResourceRecord | null> {
    const row = this.rows.get(id);
    if (!row) return Promise.resolve(null);
    const updated = { ...row, ...changes, updatedAt: new Date() };
    this.rows.set(id, updated);
    return Promise.resolve(copy(updated));
  }

  delete(id: number): Promise<boolean> {
    return Promise.resolve(this.rows.delete(id));
  }

  /** Imports need a transaction of the real database; the TypeORM repository is tested end to end. */
  syncImported(): never {
    throw new Error('imports are not supported by the in-memory repository');
  }

  updateImported(): never {
    throw new Error('imports are not supported by the in-memory repository');
  }
}

function copy(row: ResourceRecord): ResourceRecord {
  return { ...row };
}
