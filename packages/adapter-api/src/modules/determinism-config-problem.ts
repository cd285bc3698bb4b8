/** One contradiction between `deterministic: true` and the rest of a replica's config. */
export interface DeterminismConfigProblem {
  /** Where the problem is reported, below the replica: `['deterministic']` or `['options']`. */
  path: readonly (string | number)[];
  /** What is wrong and how to fix it, in words an operator acts on. */
  message: string;
}
