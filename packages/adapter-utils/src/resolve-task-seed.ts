import { deriveSeed, type Task } from '@orch/adapter-api';

/**
 * The seed a task runs with on every engine: its own, or one derived from its id, so that a re-run of the
 * same task reproduces it. Adapters send it and `started` reports it.
 */
export function resolveTaskSeed(task: Task): number {
  return task.seed ?? deriveSeed(task.task_id);
}
