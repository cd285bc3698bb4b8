import { TaskError, type TaskPriority } from '@orch/adapter-api';

interface Waiter {
  priority: TaskPriority;
  grant: () => void;
  reject: (reason: unknown) => void;
}

/** Result of {@link AdmissionQueue.admit}. */
export interface Admission {
  /** Tasks ahead of this one at admission; 0 when it may start at once. */
  position: number;
  /** Resolves when the task holds a slot; rejects with the abort reason if the task is aborted first. */
  granted: Promise<void>;
}

/**
 * A pool's bounded admission queue: `interactive` waiters are always granted before `batch` waiters, FIFO
 * within a priority. `capacity()` is re-read at every decision (replicas come and go). Plain logic, no I/O.
 */
export class AdmissionQueue {
  private readonly interactive: Waiter[] = [];
  private readonly batch: Waiter[] = [];
  /** Tasks holding a slot. */
  running = 0;

  constructor(
    private readonly maxWaiting: number,
    private readonly capacity: () => number,
    private readonly retryAfterMs: () => number,
  ) {}

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.interactive.length + this.batch.length;
  }

  /**
   * Admits a task: at once when a slot is free and nobody waits, else into the queue. Throws `queue_full`
   * (with a retry-after) when the queue is full. An aborted waiter leaves the queue at once.
   */
  admit(priority: TaskPriority, signal: AbortSignal): Admission {
    if (this.waiting === 0 && this.running < this.capacity()) {
      this.running += 1;
      return { position: 0, granted: Promise.resolve() };
    }
    if (this.waiting >= this.maxWaiting) {
      throw new TaskError('queue_full', `The pool queue is full (${this.maxWaiting} tasks waiting).`, {
        retryAfterMs: this.retryAfterMs(),
      });
    }
    const lane = priority === 'interactive' ? this.interactive : this.batch;
    const position = priority === 'interactive' ? this.interactive.length + 1 : this.waiting + 1;
    const granted = new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { priority, grant: resolve, reject };
      lane.push(waiter);
      signal.addEventListener(
        'abort',
        () => {
          const index = lane.indexOf(waiter);
          if (index !== -1) {
            lane.splice(index, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
    });
    return { position, granted };
  }

  /** Returns a slot and grants it to the next waiter, if any. */
  release(): void {
    this.running -= 1;
    this.pump();
  }

  /** Grants slots while capacity allows (call when capacity grows, e.g. a replica became ready). */
  pump(): void {
    while (this.running < this.capacity()) {
      const next = this.interactive.shift() ?? this.batch.shift();
      if (next === undefined) return;
      this.running += 1;
      next.grant();
    }
  }
}
