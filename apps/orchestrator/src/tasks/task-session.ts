import type { Task } from '@orch/adapter-api';
import { TaskError } from '@orch/adapter-api';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { Pool } from '../pools/pool.js';
import type { RunningTask, RunningTaskRegistry } from './running-task-registry.js';

/** What a task session needs from the composition root. */
export interface TaskSessionDeps {
  metrics: Metrics;
  logger: Logger;
  registry: RunningTaskRegistry;
}

/**
 * The life of one task from admission to its terminal event: its abort controller (fed by the client's
 * disconnect, the cancel endpoint and the deadline), its logger and its registration.
 */
export class TaskSession implements RunningTask {
  readonly controller = new AbortController();
  readonly admittedAt = performance.now();
  readonly logger: Logger;
  private readonly deadlineTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly task: Task,
    readonly pool: Pool,
    readonly deps: TaskSessionDeps,
  ) {
    this.logger = deps.logger.child({ task_id: task.task_id, pool_id: pool.config.id });
    if (task.deadline_ms !== undefined) {
      const deadline = task.deadline_ms;
      this.deadlineTimer = setTimeout(
        () =>
          this.abort(new TaskError('deadline_exceeded', `The task's deadline of ${deadline} ms elapsed.`)),
        deadline,
      );
      this.deadlineTimer.unref();
    }
    deps.registry.add(this);
  }

  get taskId(): string {
    return this.task.task_id;
  }

  get poolId(): string {
    return this.pool.config.id;
  }

  /** The signal adapters observe: aborted on cancel, disconnect, deadline or shutdown. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the task was aborted, if it was. */
  get abortReason(): TaskError | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as TaskError) : undefined;
  }

  abort(reason: TaskError): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  /** Releases the deadline timer and the registration; called exactly once when the task is over. */
  close(): void {
    clearTimeout(this.deadlineTimer);
    this.deps.registry.remove(this);
  }
}
