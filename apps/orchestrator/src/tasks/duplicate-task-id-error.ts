import { TaskError } from '@orch/adapter-api';

/** The refusal of a task id its owner already runs, here or on another instance (ORCH-SEC-004, ORCH-CLU-025). */
export function duplicateTaskIdError(taskId: string): TaskError {
  return new TaskError('duplicate_task_id', `A task with id "${taskId}" is already running.`);
}
