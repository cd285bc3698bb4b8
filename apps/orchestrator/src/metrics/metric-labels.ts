/** The labels every per-task metric carries (REQUIREMENTS: engine, engine_version, pool_id, replica_id, priority). */
export const TASK_LABELS = ['engine', 'engine_version', 'pool_id', 'replica_id', 'priority'] as const;

/** Values of {@link TASK_LABELS} for one task attempt. */
export type TaskLabels = Record<(typeof TASK_LABELS)[number], string>;
