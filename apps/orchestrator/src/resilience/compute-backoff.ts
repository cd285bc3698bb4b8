/** Backoff policy between attempts of one task. */
export interface BackoffPolicy {
  /** Delay before the second attempt, before jitter, ms. */
  baseMs: number;
  /** Upper bound of any computed delay, ms. */
  maxMs: number;
}

/** Default: 50 ms, doubling, capped at 1 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 50, maxMs: 1_000 };

/**
 * Delay before attempt `attempt + 1`: exponential with full jitter (uniform in [0, base·2^(attempt-1)]),
 * but never less than the engine's own retry-after when it gave one.
 */
export function computeBackoff(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
