/** One measurement of the orchestrator process during a soak. */
export interface SoakSample {
  /** Since the soak began, ms. */
  atMs: number;
  /** Resident set size, bytes. */
  rss: number;
  /** V8 heap in use right after a full GC, bytes. */
  heapAfterGc: number;
  /** Open file descriptors (sockets included). */
  fds: number;
}

/** Least-squares slope of `value` over time, per minute; 0 with fewer than two points. */
export function computeSlopePerMinute(points: readonly { atMs: number; value: number }[]): number {
  if (points.length < 2) return 0;
  const meanT = points.reduce((sum, point) => sum + point.atMs, 0) / points.length;
  const meanV = points.reduce((sum, point) => sum + point.value, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.atMs - meanT) * (point.value - meanV);
    variance += (point.atMs - meanT) ** 2;
  }
  return variance === 0 ? 0 : (covariance / variance) * 60_000;
}
