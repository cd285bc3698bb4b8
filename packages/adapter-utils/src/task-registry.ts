import { TaskError } from '@orch/adapter-api';

/** Running tasks of one adapter, so that `cancel(taskId)` can reach them. */
export interface TaskRegistry {
  /**
   * Records a running task and returns the function that removes it. A task id that is already running is
   * refused with `duplicate_task_id`, so that a cancel can never reach the wrong stream.
   */
  register(taskId: string, controller: AbortController): () => void;
  /** Aborts the task's request (the stream then ends with `end{cancelled}`); unknown ids are ignored. */
  cancel(taskId: string, reason?: unknown): Promise<void>;
  /** Aborts every running task (adapter shutdown). */
  cancelAll(reason?: unknown): Promise<void>;
  /** True while the task runs. */
  has(taskId: string): boolean;
  /** Number of running tasks. */
  readonly size: number;
}

/** Creates an empty {@link TaskRegistry}. */
export function createTaskRegistry(): TaskRegistry {
  const running = new Map<string, AbortController>();
  return {
    register(taskId, controller) {
      if (running.has(taskId)) {
        throw new TaskError(
          'duplicate_task_id',
          `A task with id "${taskId}" is already running on this replica.`,
        );
      }
      running.set(taskId, controller);
      return () => {
        if (running.get(taskId) === controller) running.delete(taskId);
      };
    },
    async cancel(taskId, reason) {
      running.get(taskId)?.abort(reason);
    },
    async cancelAll(reason) {
      for (const controller of running.values()) controller.abort(reason);
    },
    has: (taskId) => running.has(taskId),
    get size() {
      return running.size;
    },
  };
}
