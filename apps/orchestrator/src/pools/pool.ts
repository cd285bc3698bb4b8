import type { PoolConfig } from '../config/config-schema.js';
import { AdmissionQueue } from '../scheduling/admission-queue.js';
import type { SlotAdmission } from '../scheduling/slot-admission.js';
import type { Replica } from './replica.js';

/** Weight of the newest task in the moving average of task durations. */
const DURATION_SMOOTHING = 0.2;

/** A set of replicas serving one model, with its admission queue. */
export class Pool {
  readonly queue: SlotAdmission;
  /** Moving average of task durations, ms, for queue predictions. */
  private averageTaskMs = 1_000;

  constructor(
    readonly config: PoolConfig,
    readonly replicas: readonly Replica[],
    /** Told the number of queued tasks whenever it changes (the queue-depth gauge). */
    onQueueDepth: (waiting: number) => void = () => {},
    /** Builds a fleet-wide admission (`cluster`) in place of the in-process queue. */
    createAdmission?: (pool: Pool, onQueueDepth: (waiting: number) => void) => SlotAdmission,
  ) {
    this.queue =
      createAdmission?.(this, onQueueDepth) ??
      new AdmissionQueue(
        config.queue.max_waiting,
        () => this.capacity,
        () => this.predictWaitMs(this.queue.waiting + 1),
        onQueueDepth,
      );
    for (const replica of replicas) replica.onCapacityChange(() => this.queue.pump());
  }

  get id(): string {
    return this.config.id;
  }

  /** Slots of the replicas that accept tasks now, or will once their managed engine has (re)started. */
  get capacity(): number {
    return this.replicas.reduce(
      (sum, replica) => sum + (replica.acceptsTasks || replica.servesSoon ? replica.slots : 0),
      0,
    );
  }

  /** Expected wait, ms, for the task at `position` in the queue. */
  predictWaitMs(position: number): number {
    return Math.round((position * this.averageTaskMs) / Math.max(1, this.capacity));
  }

  /** Feeds a finished task's duration into the prediction. */
  recordTaskDuration(ms: number): void {
    this.averageTaskMs += DURATION_SMOOTHING * (ms - this.averageTaskMs);
  }
}
