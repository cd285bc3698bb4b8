/**
 * Whether a replica may run `determinism: "strict"` tasks right now:
 * - `yes`;
 * - `no`, with the reason (fixed by config or by what the engine reports);
 * - `unknown`, with the reason: the engine has not told what the verdict depends on yet.
 */
export type DeterminismVerdict =
  | { verdict: 'yes' }
  | { verdict: 'no'; reason: string }
  | { verdict: 'unknown'; reason: string };
