import { TaskError } from '@orch/adapter-api';

/** A task that can be cancelled by id. */
export interface RunningTask {
  readonly taskId: string;
  readonly poolId: string;
  /** Aborts the task with a reason (a TaskError saying why). */
  abort(reason: TaskError): void;
}

/** Running tasks by id, for `POST /v1/tasks/{id}/cancel`, duplicate-id checks and shutdown. */
/** Told when a task starts and ends running here (a fleet records the owner of each task: ORCH-CLU-020). */
export interface RunningTaskObserver {
  added(task: RunningTask): void;
  removed(task: RunningTask): void;
}

export class RunningTaskRegistry {
  private readonly tasks = new Map<string, RunningTask>();

  constructor(private readonly observer?: RunningTaskObserver) {}

  /** Registers a task; a task id already running is refused with `duplicate_task_id`. */
  add(task: RunningTask): void {
    if (this.tasks.has(task.taskId)) {
      throw new TaskError('duplicate_task_id', `A task with id "${task.taskId}" is already running.`);
    }
    this.tasks.set(task.taskId, task);
    this.observer?.added(task);
  }

  /** Forgets a finished task (only if it is the same registration). */
  remove(task: RunningTask): void {
    if (this.tasks.get(task.taskId) !== task) return;
    this.tasks.delete(task.taskId);
    this.observer?.removed(task);
  }

  /** Cancels a task; false when no such task is running. */
  cancel(taskId: string): boolean {
    const task = this.tasks.get(taskId);
    if (task === undefined) return false;
    task.abort(new TaskError('cancelled', 'The task was cancelled by a cancel request.'));
    return true;
  }

  /** The running task with this id, if it runs here. */
  get(taskId: string): RunningTask | undefined {
    return this.tasks.get(taskId);
  }

  /** Number of running tasks. */
  get size(): number {
    return this.tasks.size;
  }

  /** Every running task (for shutdown). */
  all(): RunningTask[] {
    return [...this.tasks.values()];
  }
}
