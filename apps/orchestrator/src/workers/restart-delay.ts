/** The first restart's delay, ms; it doubles with each exit that follows a short life. */
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

/** How long the primary waits before forking again a worker that exited for the `failures`-th time in a row. */
export function restartDelay(failures: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
}
