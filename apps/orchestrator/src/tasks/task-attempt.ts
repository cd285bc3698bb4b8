import type { StreamEvent, TaskError } from '@orch/adapter-api';
import type { Replica } from '../pools/replica.js';
import type { TaskSession } from './task-session.js';

/** How long an aborted adapter may take to end its stream before the orchestrator stops waiting for it. */
const ABANDON_GRACE_MS = 2_000;

/** How an attempt ended, for its replica's circuit breaker and the engine request. */
export interface AttemptOutcome {
  /** The failure, when the attempt failed (counted by the breaker when it is the replica's fault). */
  failure?: TaskError;
  /** Set when the engine request must be aborted (the attempt is abandoned mid-way). */
  abort?: TaskError;
}

/**
 * One try of a task on one replica. Its signal aborts with the session (cancel, deadline) and on its own
 * timeouts (time to first token, idle); `next()` never hangs past an abort. It holds one in-flight count
 * on the replica and one trial of the replica's circuit breaker until {@link finish}.
 */
export class TaskAttempt {
  readonly controller = new AbortController();
  readonly startedAt = performance.now();
  readonly iterator: AsyncIterator<StreamEvent>;
  /** Set once an aborted adapter has had {@link ABANDON_GRACE_MS} to end its stream: every read rejects with it. */
  private abandonedWith: { reason: unknown } | undefined;
  /** Rejects the read in flight (a settled read ignores it). */
  private rejectRead: ((reason: unknown) => void) | undefined;
  private readonly settleBreaker: ((failure?: TaskError) => void) | undefined;
  private finished = false;

  constructor(
    readonly session: TaskSession,
    readonly replica: Replica,
    readonly number: number,
  ) {
    // The session's abort reaches the attempt through one listener that aborts the attempt's own controller
    // with the same reason: `AbortSignal.any` costs about 3 KiB of heap per signal on Node 20.
    const signal = this.controller.signal;
    if (session.signal.aborted) this.controller.abort(session.signal.reason);
    else {
      session.signal.addEventListener('abort', () => this.abort(session.signal.reason as TaskError), {
        once: true,
      });
    }
    signal.addEventListener(
      'abort',
      () => {
        setTimeout(() => {
          this.abandonedWith = { reason: signal.reason };
          this.rejectRead?.(signal.reason);
        }, ABANDON_GRACE_MS).unref();
      },
      { once: true },
    );
    this.settleBreaker = replica.breaker.begin();
    replica.inFlight += 1;
    this.iterator = replica.adapter
      .submit(session.task, {
        signal,
        route: {
          pool_id: session.poolId,
          replica_id: replica.id,
          queue_position: session.queuePosition,
          attempt: number,
        },
      })
      [Symbol.asyncIterator]();
  }

  /** Why this attempt was aborted (its own timeout, or the session's reason). */
  get abortReason(): TaskError | undefined {
    if (this.controller.signal.aborted) return this.controller.signal.reason as TaskError;
    return this.session.abortReason;
  }

  /** Aborts this attempt only (the session may go on elsewhere). */
  abort(reason: TaskError): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  /** The adapter's next event; rejects with the abort reason if the adapter ignores an abort. */
  next(): Promise<IteratorResult<StreamEvent>> {
    if (this.abandonedWith !== undefined) return Promise.reject(this.abandonedWith.reason);
    // One promise per read, rejected from the abandon timer: no race and no reaction left on a shared promise.
    return new Promise((resolve, reject) => {
      this.rejectRead = reject;
      this.iterator.next().then(resolve, reject);
    });
  }

  /** Releases the replica, settles the breaker trial and closes the adapter stream. Only the first call acts. */
  finish(outcome: AttemptOutcome = {}): void {
    if (this.finished) return;
    this.finished = true;
    this.replica.inFlight -= 1;
    this.settleBreaker?.(outcome.failure);
    if (outcome.abort !== undefined) this.abort(outcome.abort);
    this.iterator.return?.().catch(() => {});
  }
}
