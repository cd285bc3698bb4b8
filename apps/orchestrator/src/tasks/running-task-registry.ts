import { TaskError } from '@orch/adapter-api';

/** A task that can be cancelled by id. */
export interface RunningTask {
  readonly taskId: string;
  readonly poolId: string;
  /** Who submitted the task (`key:<name>` or `address:<ip>`); only they can address it by id (ORCH-SEC-004). */
  readonly owner?: string;
  /** Aborts the task with a reason (a TaskError saying why). */
  abort(reason: TaskError): void;
}

/** Told when a task starts and ends running here (a fleet records the owner of each task: ORCH-CLU-020). */
export interface RunningTaskObserver {
  added(task: RunningTask): void;
  removed(task: RunningTask): void;
}

/** The owner of tasks registered without one (tests, internal callers). */
const NO_OWNER = '';

const ownerOf = (task: RunningTask) => task.owner ?? NO_OWNER;

/**
 * Running tasks by owner and id, for `POST /v1/tasks/{id}/cancel`, duplicate-id checks and shutdown. Task ids
 * are unique per owner only (ORCH-SEC-004): one owner can neither see, cancel nor squat another owner's ids.
 * Each task also gets an engine-facing id unique across owners, so two owners' equal ids never meet in an
 * adapter's own registry (which would reveal one to the other).
 */
export class RunningTaskRegistry {
  private readonly byOwner = new Map<string, Map<string, RunningTask>>();
  private readonly engineIds = new Map<RunningTask, string>();
  private readonly engineIdsInUse = new Set<string>();

  constructor(private readonly observer?: RunningTaskObserver) {}

  /**
   * Registers a task; a task id its owner already runs is refused with `duplicate_task_id`. Returns the id
   * the task is known by to the engines: its own id, unless another owner's task already uses it.
   */
  add(task: RunningTask): string {
    const owner = ownerOf(task);
    let tasks = this.byOwner.get(owner);
    if (tasks?.has(task.taskId)) {
      throw new TaskError('duplicate_task_id', `A task with id "${task.taskId}" is already running.`);
    }
    if (tasks === undefined) {
      tasks = new Map();
      this.byOwner.set(owner, tasks);
    }
    tasks.set(task.taskId, task);
    let engineId = task.taskId;
    for (let n = 2; this.engineIdsInUse.has(engineId); n++) engineId = `${task.taskId}~${n}`;
    this.engineIdsInUse.add(engineId);
    this.engineIds.set(task, engineId);
    this.observer?.added(task);
    return engineId;
  }

  /** Forgets a finished task (only if it is the same registration). */
  remove(task: RunningTask): void {
    const owner = ownerOf(task);
    const tasks = this.byOwner.get(owner);
    if (tasks?.get(task.taskId) !== task) return;
    tasks.delete(task.taskId);
    if (tasks.size === 0) this.byOwner.delete(owner);
    const engineId = this.engineIds.get(task);
    this.engineIds.delete(task);
    if (engineId !== undefined) this.engineIdsInUse.delete(engineId);
    this.observer?.removed(task);
  }

  /** Cancels `owner`'s task; false when that owner runs no such task (whoever else may). */
  cancel(taskId: string, owner: string = NO_OWNER): boolean {
    const task = this.byOwner.get(owner)?.get(taskId);
    if (task === undefined) return false;
    task.abort(new TaskError('cancelled', 'The task was cancelled by a cancel request.'));
    return true;
  }

  /** Number of running tasks. */
  get size(): number {
    return this.engineIds.size;
  }

  /** Every running task (for shutdown). */
  all(): RunningTask[] {
    return [...this.engineIds.keys()];
  }
}
