const BUCKETS = 10;

/**
 * The outcomes that ended in the last `windowMs`, in ten buckets (memory stays constant whatever the traffic;
 * the window slides by a tenth of its length). Outcomes are added when an attempt ends, never when it starts.
 */
export class OutcomeWindow {
  private readonly bucketMs: number;
  private readonly totals = new Array<number>(BUCKETS).fill(0);
  private readonly failures = new Array<number>(BUCKETS).fill(0);
  /** Index (time / bucketMs) of the newest bucket written. */
  private newest = Number.NEGATIVE_INFINITY;

  constructor(windowMs: number) {
    this.bucketMs = Math.max(1, windowMs / BUCKETS);
  }

  add(now: number, failed: boolean): void {
    const index = this.advance(now);
    this.totals[index] = (this.totals[index] ?? 0) + 1;
    if (failed) this.failures[index] = (this.failures[index] ?? 0) + 1;
  }

  count(now: number): { total: number; failures: number } {
    this.advance(now);
    let total = 0;
    let failures = 0;
    for (let index = 0; index < BUCKETS; index += 1) {
      total += this.totals[index] ?? 0;
      failures += this.failures[index] ?? 0;
    }
    return { total, failures };
  }

  clear(): void {
    this.totals.fill(0);
    this.failures.fill(0);
  }

  /** Empties the buckets that fell out of the window and returns the slot of the current one. */
  private advance(now: number): number {
    const current = Math.floor(now / this.bucketMs);
    if (current - this.newest >= BUCKETS) this.clear();
    else for (let step = this.newest + 1; step <= current; step += 1) this.reset(step % BUCKETS);
    if (current > this.newest) this.newest = current;
    return current % BUCKETS;
  }

  private reset(slot: number): void {
    this.totals[slot] = 0;
    this.failures[slot] = 0;
  }
}
