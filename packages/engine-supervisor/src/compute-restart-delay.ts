/** Exponential backoff between restarts of a crashed engine. */
export interface RestartBackoff {
  /** Delay before the first restart after a crash, ms. */
  baseMs: number;
  /** Upper bound of any delay, ms. */
  maxMs: number;
}

/** Default: 1 s, doubling, capped at 30 s. */
export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { baseMs: 1_000, maxMs: 30_000 };

/**
 * Delay before restart number `failure` of a run of consecutive failures (1-based): `baseMs · 2^(failure-1)`,
 * capped at `maxMs`. No jitter: one engine restarting is not a thundering herd, and a fixed schedule is
 * what an operator reading the log expects.
 */
export function computeRestartDelay(
  failure: number,
  backoff: RestartBackoff = DEFAULT_RESTART_BACKOFF,
): number {
  const exponent = Math.max(0, Math.floor(failure) - 1);
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(exponent, 30));
}
