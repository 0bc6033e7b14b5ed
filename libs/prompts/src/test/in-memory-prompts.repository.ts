import {
  type NewPromptRecord,
  type PromptChanges,
  type PromptRecord,
  PromptsRepository,
  type PromptVersionRecord,
} from '../prompts.repository.js';

/** PromptsRepository in memory, for unit tests of the service: same contract, copies in and out. */
export class InMemoryPromptsRepository extends PromptsRepository {
  readonly prompts = new Map<number, PromptRecord>();
  readonly versions: PromptVersionRecord[] = [];
  private nextId = 1;
  private nextVersionId = 1;

  constructor(private readonly now: () => Date = () => new Date()) {
    super();
  }

  list({ includeInactive }: { includeInactive: boolean }): Promise<PromptRecord[]> {
    return Promise.resolve([...this.prompts.values()].filter((p) => includeInactive || p.isActive).map(copy));
  }

  findById(id: number): Promise<PromptRecord | null> {
    const found = this.prompts.get(id);
    return Promise.resolve(found ? copy(found) : null);
  }

  findByName(name: string): Promise<PromptRecord | null> {
    const found = [...this.prompts.values()].find((p) => p.name === name);
    return Promise.resolve(found ? copy(found) : null);
  }

  findByIds(ids: number[]): Promise<PromptRecord[]> {
    return Promise.resolve(ids.flatMap((id) => (this.prompts.has(id) ? [copy(this.prompts.get(id)!)] : [])));
  }

  insert(prompt: NewPromptRecord): Promise<PromptRecord> {
    if ([...this.prompts.values()].some((p) => p.name === prompt.name))
      return Promise.reject(new Error('UNIQUE constraint failed: prompts.name'));
    const record: PromptRecord = {
      ...copy(prompt),
      id: this.nextId++,
      version: 1,
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.prompts.set(record.id, record);
    return Promise.resolve(copy(record));
  }

  update(id: number, changes: PromptChanges): Promise<PromptRecord | null> {
    const current = this.prompts.get(id);
    if (!current) return Promise.resolve(null);
    this.versions.push({
      id: this.nextVersionId++,
      promptId: id,
      version: current.version,
      description: current.description ?? null,
      template: current.template,
      argumentSchema: structuredClone(current.argumentSchema),
      messages: structuredClone(current.messages ?? null),
      createdAt: this.now(),
    });
    const updated: PromptRecord = {
      ...current,
      ...copy(changes),
      version: current.version + 1,
      updatedAt: this.now(),
    };
    this.prompts.set(id, updated);
    return Promise.resolve(copy(updated));
  }

  setActive(id: number, isActive: boolean): Promise<PromptRecord | null> {
    const current = this.prompts.get(id);
    if (!current) return Promise.resolve(null);
    current.isActive = isActive;
    current.updatedAt = this.now();
    return Promise.resolve(copy(current));
  }

  delete(id: number): Promise<boolean> {
    const existed = this.prompts.delete(id);
    this.versions.splice(0, this.versions.length, ...this.versions.filter((v) => v.promptId !== id));
    return Promise.resolve(existed);
  }

  listVersions(promptId: number): Promise<PromptVersionRecord[]> {
    return Promise.resolve(
      this.versions
        .filter((v) => v.promptId === promptId)
        .sort((a, b) => b.version - a.version)
        .map(copy),
    );
  }

  findVersion(promptId: number, version: number): Promise<PromptVersionRecord | null> {
    const found = this.versions.find((v) => v.promptId === promptId && v.version === version);
    return Promise.resolve(found ? copy(found) : null);
  }

  /** Imports need a transaction of the real database; the TypeORM repository is tested end to end. */
  syncImported(): never {
    throw new Error('imports are not supported by the in-memory repository');
  }

  updateImported(): never {
    throw new Error('imports are not supported by the in-memory repository');
  }
}

function copy<T extends object>(value: T): T {
  return structuredClone(value);
}
