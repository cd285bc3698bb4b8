/**
 * How far a task's answer must be reproducible.
 * - `best_effort`: the task runs with a fixed seed on any replica; engines that batch may still vary.
 * - `strict`: the task runs only on replicas configured to be deterministic, fails over only to such replicas
 *   after verifying the tokens already delivered, and is refused when its pool has none.
 */
export type TaskDeterminism = 'strict' | 'best_effort';
