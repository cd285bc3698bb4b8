import { TaskError } from '@orch/adapter-api';
import { duplicateTaskIdError } from './duplicate-task-id-error.js';

/** A task that can be cancelled by id. */
export interface RunningTask {
  readonly taskId: string;
  readonly poolId: string;
  /** Who submitted the task (`key:<name>` or `address:<ip>`); only they can address it by id (ORCH-SEC-004). */
  readonly owner?: string;
  /** Aborts the task with a reason (a TaskError saying why). */
  abort(reason: TaskError): void;
}

/**
 * Told when a task starts and ends running here: a fleet records each task's owner (ORCH-CLU-020) and refuses an
 * id its owner already runs on another instance (ORCH-CLU-025).
 */
export interface RunningTaskObserver {
  /**
   * Takes the fleet's record of the task: resolves false when its owner runs the same id on another instance,
   * true otherwise, also when the fleet cannot say (then the local check stands alone). Never rejects.
   */
  added(task: RunningTask): Promise<boolean>;
  removed(task: RunningTask): void;
}

/** What registering a task gives back. */
export interface TaskRegistration {
  /** The id the engines know the task by: its own, unless another owner's task here already uses it. */
  readonly engineTaskId: string;
  /** The fleet's answer on the id (see {@link RunningTaskObserver.added}); true at once without a fleet. */
  readonly unique: Promise<boolean>;
}

/** The answer of a registry without a fleet: made once, not per task. */
const UNIQUE_HERE = Promise.resolve(true);

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
   * Registers a task; a task id its owner already runs here is refused with `duplicate_task_id` at once, one it
   * runs on another instance of the fleet when {@link TaskRegistration.unique} resolves false.
   */
  add(task: RunningTask): TaskRegistration {
    const owner = ownerOf(task);
    let tasks = this.byOwner.get(owner);
    if (tasks?.has(task.taskId)) throw duplicateTaskIdError(task.taskId);
    if (tasks === undefined) {
      tasks = new Map();
      this.byOwner.set(owner, tasks);
    }
    tasks.set(task.taskId, task);
    let engineId = task.taskId;
    for (let n = 2; this.engineIdsInUse.has(engineId); n++) engineId = `${task.taskId}~${n}`;
    this.engineIdsInUse.add(engineId);
    this.engineIds.set(task, engineId);
    return { engineTaskId: engineId, unique: this.observer?.added(task) ?? UNIQUE_HERE };
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
