import { TaskError, type TaskPriority } from '@orch/adapter-api';
import type { SlotAdmission } from './slot-admission.js';

/** A task waiting for a slot: granted at most once, by the queue, when a slot is its. */
export interface QueueWaiter {
  readonly priority: TaskPriority;
  /** The task now holds a slot (given back with {@link AdmissionQueue.release}). */
  grant(): void;
}

/**
 * A pool's bounded admission queue: `interactive` waiters are always granted before `batch` waiters, FIFO
 * within a priority. `capacity()` is re-read at every decision (replicas come and go). Plain logic, no I/O, no
 * timers: a waiter's timeout and abort are its owner's (it calls {@link leave}).
 */
export class AdmissionQueue implements SlotAdmission {
  private readonly interactive: QueueWaiter[] = [];
  private readonly batch: QueueWaiter[] = [];
  /** Tasks holding a slot. */
  running = 0;

  constructor(
    private readonly maxWaiting: number,
    private readonly capacity: () => number,
    private readonly retryAfterMs: () => number,
    /** Told the number of waiters whenever it changes (the queue-depth gauge). */
    private readonly onWaitingChange: (waiting: number) => void = () => {},
  ) {}

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.interactive.length + this.batch.length;
  }

  /**
   * Admits a task: at once when a slot is free and nobody waits (position 0, the slot is held on return), else
   * into the queue (the tasks ahead of it; `grant` is called later). Throws `queue_full` (with a retry-after)
   * when the queue is full.
   */
  enter(waiter: QueueWaiter): number {
    if (this.waiting === 0 && this.running < this.capacity()) {
      this.running += 1;
      return 0;
    }
    if (this.waiting >= this.maxWaiting) {
      throw new TaskError('queue_full', `The pool queue is full (${this.maxWaiting} tasks waiting).`, {
        retryAfterMs: this.retryAfterMs(),
      });
    }
    const interactive = waiter.priority === 'interactive';
    const position = interactive ? this.interactive.length + 1 : this.waiting + 1;
    (interactive ? this.interactive : this.batch).push(waiter);
    this.onWaitingChange(this.waiting);
    return position;
  }

  /** Takes a waiter out of the queue (its task was aborted or timed out); false when it was not waiting. */
  leave(waiter: QueueWaiter): boolean {
    const lane = waiter.priority === 'interactive' ? this.interactive : this.batch;
    const index = lane.indexOf(waiter);
    if (index === -1) return false;
    lane.splice(index, 1);
    this.onWaitingChange(this.waiting);
    return true;
  }

  /** Returns a slot and grants it to the next waiter, if any (slots are not told apart here). */
  release(_waiter?: QueueWaiter): void {
    this.running -= 1;
    this.pump();
  }

  /** Grants slots while capacity allows (called when capacity grows, e.g. a replica became ready). */
  pump(): void {
    let granted = false;
    while (this.running < this.capacity()) {
      const next = this.interactive.shift() ?? this.batch.shift();
      if (next === undefined) break;
      this.running += 1;
      granted = true;
      next.grant();
    }
    if (granted) this.onWaitingChange(this.waiting);
  }
}
