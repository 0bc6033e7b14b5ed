import { LRUCache } from 'lru-cache';

export interface ResourceContentCacheOptions<V> {
  /** Most entries kept (RESOURCE_CACHE_SIZE); the least recently read go first. */
  max: number;
  /** How long an entry may be served, in milliseconds (RESOURCE_CACHE_TTL × 1000). */
  ttlMs: number;
  /** Most bytes kept in all (as measured by sizeOf); entries larger than this are not cached. */
  maxBytes?: number;
  /** Size of one value in bytes, for maxBytes. */
  sizeOf?: (value: V) => number;
  /** Clock for the TTL; tests pass their own. */
  clock?: { now(): number };
}

/**
 * The LRU + TTL cache in front of resource reads, keyed by URI. Every change invalidates the URI it touched;
 * a read that started before an invalidation does not store what it loaded, so a slow read racing an update
 * never leaves the old content cached.
 */
export class ResourceContentCache<V extends object> {
  private readonly entries: LRUCache<string, V>;
  // Bumped by every invalidation; a load stores its result only when no invalidation happened meanwhile.
  private generation = 0;

  constructor(options: ResourceContentCacheOptions<V>) {
    this.entries = new LRUCache<string, V>({
      max: options.max,
      ttl: options.ttlMs,
      ...(options.maxBytes && options.sizeOf
        ? {
            maxSize: options.maxBytes,
            maxEntrySize: options.maxBytes,
            sizeCalculation: (value: V) => Math.max(1, options.sizeOf!(value)),
          }
        : {}),
      ...(options.clock ? { perf: options.clock, ttlResolution: 0 } : {}),
    });
  }

  /** The cached value of `uri`, or what `load` gives (cached unless `uri` was invalidated meanwhile). */
  async getOrLoad(uri: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(uri);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) this.entries.set(uri, value);
    return value;
  }

  /** Whether `uri` is cached now (and not expired). */
  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  /** Forgets `uri`, and makes every read in flight skip storing its result. */
  invalidate(uri: string): void {
    this.generation++;
    this.entries.delete(uri);
  }

  /** Forgets everything. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
