/**
 * The clock of a V8 CPU profile at a `performance.now()` time of this process. V8 stamps its samples with the
 * monotonic clock in µs, the clock `process.hrtime` reads, which every process of the machine shares; this
 * process's `performance.now()` runs on the same clock from its own origin.
 */
export function toProfileClock(performanceNowMs: number): number {
  const nowUs = Number(process.hrtime.bigint() / 1000n);
  return nowUs - (performance.now() - performanceNowMs) * 1000;
}
