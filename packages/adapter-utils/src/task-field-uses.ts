import type { AdapterLogger, Task } from '@orch/adapter-api';

/**
 * What an adapter does with one task field:
 * - `sent`: it reaches the engine (possibly renamed or converted, or applied before the request, like a chat
 *   template);
 * - `reported`: the adapter uses it without sending it (the task id: in `started`, logs and `cancel`);
 * - `replaced`: the replica's own setting is sent instead (e.g. `model`: the replica serves its model);
 * - `orchestrator`: the orchestrator consumes it before the adapter runs (admission, deadlines, replica choice);
 * - `dropped`: the engine has nothing for it, so a task that sets it is served without it, and the drop logged.
 */
export type TaskFieldUse = 'sent' | 'reported' | 'replaced' | 'orchestrator' | 'dropped';

/**
 * The task fields the orchestrator consumes before any adapter runs (admission, deadlines, replica choice and
 * failover): the same for every adapter, so they are said once here.
 */
export const ORCHESTRATOR_TASK_FIELDS = {
  priority: 'orchestrator',
  deadline_ms: 'orchestrator',
  determinism: 'orchestrator',
} as const satisfies Partial<Record<keyof Task, TaskFieldUse>>;

/** A task field the orchestrator consumes (see {@link ORCHESTRATOR_TASK_FIELDS}). */
export type OrchestratorTaskField = keyof typeof ORCHESTRATOR_TASK_FIELDS;

/**
 * What an adapter does with every task field the orchestrator leaves to it. Keyed by `keyof Task`, so a new
 * task field fails compilation until every adapter has said what it does with it (or it joins
 * {@link ORCHESTRATOR_TASK_FIELDS}).
 */
export type TaskFieldUses = Readonly<Record<Exclude<keyof Task, OrchestratorTaskField>, TaskFieldUse>>;

function useOf(uses: TaskFieldUses, field: string): TaskFieldUse | undefined {
  if (Object.hasOwn(ORCHESTRATOR_TASK_FIELDS, field)) return 'orchestrator';
  return Object.hasOwn(uses, field) ? uses[field as keyof TaskFieldUses] : undefined;
}

/**
 * The fields set on `task` that do not reach the engine: those the table marks `dropped`, and any field the
 * table does not know (a caller may pass more than the `Task` type has).
 */
export function listDroppedFields(task: Task, uses: TaskFieldUses): string[] {
  const dropped: string[] = [];
  for (const [field, value] of Object.entries(task)) {
    if (value === undefined) continue;
    const use = useOf(uses, field);
    if (use === undefined || use === 'dropped') dropped.push(field);
  }
  return dropped;
}

/** Logs the fields a task loses (never silently): one warning naming them, none when there are none. */
export function warnDroppedFields(
  logger: AdapterLogger,
  message: string,
  task: Task,
  droppedFields: readonly string[],
): void {
  if (droppedFields.length > 0) logger.warn(message, { task_id: task.task_id, fields: droppedFields });
}
