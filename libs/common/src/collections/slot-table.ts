/** Slots a table can hold (requests in flight at once); a handle is `generation × SLOTS + slot`. */
const SLOTS = 1 << 20;
/** Generations wrap here, so a handle stays a safe integer. */
const GENERATIONS = 2 ** 32;

/**
 * Values in flight (requests, calls), each under a handle the table hands out; for tables that live as long as a
 * session or a connection and gain and lose an entry with every request. Slots are reused (the table never holds
 * more than the most values in flight at once), and a handle names its slot and the slot's generation, so a stale
 * handle (an answer that comes after its call was given up) never reaches the call that took the slot next.
 *
 * Not a Map, on purpose. With steady churn a Map gets a new backing store every few dozen entries, and a replaced
 * store keeps the entries it held and a link to its successor. Once a long-lived Map's store had reached the old
 * generation, those dead stores kept the requests that were in flight, and everything they reference, alive past
 * every scavenge until the next full GC (measured on the hot path and in a 20-line reproduction: docs/performance.md,
 * "Fourth round"). Here a finished entry's slot is overwritten with undefined, and the arrays only grow when more
 * values are in flight than ever before.
 */
export class SlotTable<V> {
  private entries: (V | undefined)[] = [];
  private generations: number[] = [];
  private free: number[] = [];
  private count = 0;

  /** Stores a value; returns its handle. */
  add(value: V): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.entries.length;
      if (slot >= SLOTS) throw new Error(`more than ${SLOTS} values in flight`);
      this.entries.push(undefined);
      this.generations.push(0);
    }
    const generation = (this.generations[slot] + 1) % GENERATIONS;
    this.generations[slot] = generation;
    this.entries[slot] = value;
    this.count++;
    return generation * SLOTS + slot;
  }

  /** The value of a handle; undefined once it was deleted (or when the handle was never handed out). */
  get(handle: number): V | undefined {
    const slot = this.slotOf(handle);
    return slot === undefined ? undefined : this.entries[slot];
  }

  /** Removes a handle's value; false when it holds none (already deleted, or not a handle of this table). */
  delete(handle: number): boolean {
    const slot = this.slotOf(handle);
    if (slot === undefined) return false;
    this.entries[slot] = undefined;
    this.free.push(slot);
    this.count--;
    return true;
  }

  get size(): number {
    return this.count;
  }

  /** The values, in slot order. */
  values(): V[] {
    const values: V[] = [];
    if (this.count === 0) return values;
    for (const value of this.entries) if (value !== undefined) values.push(value);
    return values;
  }

  clear(): void {
    if (this.count === 0) return;
    for (let slot = 0; slot < this.entries.length; slot++) {
      if (this.entries[slot] === undefined) continue;
      this.entries[slot] = undefined;
      this.free.push(slot);
    }
    this.count = 0;
  }

  private slotOf(handle: number): number | undefined {
    if (!Number.isSafeInteger(handle) || handle < 0) return undefined;
    const slot = handle % SLOTS;
    if (this.entries[slot] === undefined) return undefined;
    return this.generations[slot] === (handle - slot) / SLOTS ? slot : undefined;
  }
}
