/** The calls a tool may have in flight and may start per minute, counted in memory by this process. */
export type ToolCallRefusal = 'TOOL_RATE_LIMITED' | 'TOOL_CONCURRENCY_LIMITED';

/** The rate window is counted in this many buckets (a second each for the one-minute window). */
const BUCKETS = 60;

interface ToolSlots {
  inFlight: number;
  /** Starts per bucket, a ring indexed by the bucket's number modulo BUCKETS. */
  counts: number[];
  /** Starts in the window (the sum of `counts`). */
  total: number;
  /** Number of the newest bucket the ring has been advanced to (time ÷ bucket length). */
  newest: number;
}

/** Entries kept before idle tools are forgotten (deleted tools would otherwise stay forever). */
const PRUNE_ABOVE = 10_000;

/**
 * Per-tool concurrency and sliding-window rate limits. The window slides by whole buckets of a sixtieth of it
 * (a second for a minute): a start counts until its bucket is a full window old, so at most `rateLimit` calls
 * start in any window, to the second. Each tool costs sixty counters whatever the limit and the call rate, and a
 * check is O(1). A refusal is immediate; nothing waits.
 */
export class ToolCallLimiter {
  private readonly slots = new Map<string, ToolSlots>();
  private readonly bucketMs: number;

  constructor(
    private readonly rateLimit: number,
    private readonly concurrentLimit: number,
    windowMs = 60_000,
  ) {
    this.bucketMs = windowMs / BUCKETS;
  }

  /** Takes a slot for a call of `id`; null when it may start, else why not. Pair a null with {@link release}. */
  tryAcquire(id: string): ToolCallRefusal | null {
    let slots = this.slots.get(id);
    if (!slots) {
      if (this.slots.size >= PRUNE_ABOVE) this.prune();
      slots = { inFlight: 0, counts: new Array<number>(BUCKETS).fill(0), total: 0, newest: 0 };
      this.slots.set(id, slots);
    }
    if (slots.inFlight >= this.concurrentLimit) return 'TOOL_CONCURRENCY_LIMITED';
    const current = this.advance(slots, Date.now());
    if (slots.total >= this.rateLimit) return 'TOOL_RATE_LIMITED';
    slots.counts[current % BUCKETS]++;
    slots.total++;
    slots.inFlight++;
    return null;
  }

  /** Ends a call that {@link tryAcquire} let start. */
  release(id: string): void {
    const slots = this.slots.get(id);
    if (slots && slots.inFlight > 0) slots.inFlight--;
  }

  /** Milliseconds until `id` may start another call as far as the rate goes (0 when it may now). */
  rateResetInMs(id: string): number {
    const slots = this.slots.get(id);
    if (!slots) return 0;
    const now = Date.now();
    const current = this.advance(slots, now);
    let left = slots.total;
    for (let bucket = current - BUCKETS + 1; bucket <= current; bucket++) {
      if (left < this.rateLimit) break;
      left -= slots.counts[bucket % BUCKETS];
      // The starts of `bucket` leave the window when it is BUCKETS buckets old.
      if (left < this.rateLimit) return Math.max(0, (bucket + BUCKETS) * this.bucketMs - now);
    }
    return 0;
  }

  /** Moves a tool's ring to the bucket of `now`, dropping the starts of buckets that left the window. */
  private advance(slots: ToolSlots, now: number): number {
    const current = Math.floor(now / this.bucketMs);
    if (current <= slots.newest) return slots.newest;
    const steps = Math.min(current - slots.newest, BUCKETS);
    for (let step = 1; step <= steps; step++) {
      const index = (slots.newest + step) % BUCKETS;
      slots.total -= slots.counts[index];
      slots.counts[index] = 0;
    }
    slots.newest = current;
    return current;
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, slots] of this.slots) {
      this.advance(slots, now);
      if (slots.inFlight === 0 && slots.total === 0) this.slots.delete(id);
    }
  }
}
