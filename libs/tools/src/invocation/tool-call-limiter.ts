/** The calls a tool may have in flight and may start per minute, counted in memory by this process. */
export type ToolCallRefusal = 'TOOL_RATE_LIMITED' | 'TOOL_CONCURRENCY_LIMITED';

interface ToolSlots {
  inFlight: number;
  /** Start times of the latest calls, a ring of at most `rateLimit` entries; `next` is the oldest once full. */
  starts: number[];
  next: number;
}

/** Entries kept before idle tools are forgotten (deleted tools would otherwise stay forever). */
const PRUNE_ABOVE = 10_000;

/**
 * Per-tool concurrency and sliding-window rate limits. The window is exact (never more than `rateLimit` starts in
 * any `windowMs`): each tool keeps the start times of its latest calls in a ring, so a check is O(1) and memory
 * grows with the calls actually made, up to `rateLimit` numbers per tool. A refusal is immediate; nothing waits.
 */
export class ToolCallLimiter {
  private readonly slots = new Map<string, ToolSlots>();

  constructor(
    private readonly rateLimit: number,
    private readonly concurrentLimit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Takes a slot for a call of `id`; null when it may start, else why not. Pair a null with {@link release}. */
  tryAcquire(id: string): ToolCallRefusal | null {
    let slots = this.slots.get(id);
    if (!slots) {
      if (this.slots.size >= PRUNE_ABOVE) this.prune();
      slots = { inFlight: 0, starts: [], next: 0 };
      this.slots.set(id, slots);
    }
    if (slots.inFlight >= this.concurrentLimit) return 'TOOL_CONCURRENCY_LIMITED';
    const now = Date.now();
    if (slots.starts.length < this.rateLimit) {
      slots.starts.push(now);
    } else {
      if (now - slots.starts[slots.next] < this.windowMs) return 'TOOL_RATE_LIMITED';
      slots.starts[slots.next] = now;
      slots.next = (slots.next + 1) % this.rateLimit;
    }
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
    if (!slots || slots.starts.length < this.rateLimit) return 0;
    return Math.max(0, slots.starts[slots.next] + this.windowMs - Date.now());
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, slots] of this.slots) {
      const newest = slots.starts[(slots.next + slots.starts.length - 1) % slots.starts.length] ?? -Infinity;
      if (slots.inFlight === 0 && now - newest >= this.windowMs) this.slots.delete(id);
    }
  }
}
