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
 * disconnect, the cancel endpoint and the deadline), its queue slot, its logger and its registration.
 */
export class TaskSession implements RunningTask {
  readonly controller = new AbortController();
  readonly admittedAt = performance.now();
  readonly logger: Logger;
  /** Tasks ahead of this one at admission. */
  queuePosition = 0;
  /** Wait predicted at admission, ms (queued tasks only). */
  predictedStartMs: number | undefined;
  /** Time spent waiting for a slot, ms (queued tasks only). */
  queuedMs: number | undefined;
  private holdsSlot = false;
  private readonly closeHooks: (() => void)[] = [];
  private closed = false;
  private readonly deadlineTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly task: Task,
    readonly pool: Pool,
    readonly deps: TaskSessionDeps,
  ) {
    this.logger = deps.logger.child({ task_id: task.task_id, pool_id: pool.id });
    deps.registry.add(this);
    if (task.deadline_ms !== undefined) {
      const deadline = task.deadline_ms;
      this.deadlineTimer = setTimeout(
        () =>
          this.abort(new TaskError('deadline_exceeded', `The task's deadline of ${deadline} ms elapsed.`)),
        deadline,
      );
      this.deadlineTimer.unref();
    }
  }

  get taskId(): string {
    return this.task.task_id;
  }

  get poolId(): string {
    return this.pool.id;
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

  /** Records that the task holds one of the pool's slots (released by {@link close}). */
  holdSlot(): void {
    this.holdsSlot = true;
    this.deps.metrics.queueDepth.set({ pool_id: this.poolId }, this.pool.queue.waiting);
  }

  /** Runs `hook` when the session closes (e.g. to give back a per-client stream). */
  onClose(hook: () => void): void {
    this.closeHooks.push(hook);
  }

  /** Releases the slot, the deadline timer and the registration; only the first call acts. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const hook of this.closeHooks) hook();
    clearTimeout(this.deadlineTimer);
    this.deps.registry.remove(this);
    if (this.holdsSlot) {
      this.pool.recordTaskDuration(performance.now() - this.admittedAt - (this.queuedMs ?? 0));
      this.pool.queue.release();
    }
    this.deps.metrics.queueDepth.set({ pool_id: this.poolId }, this.pool.queue.waiting);
  }
}
