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
  private readonly abandoned: Promise<never>;
  private readonly settleBreaker: ((failure?: TaskError) => void) | undefined;
  private finished = false;

  constructor(
    readonly session: TaskSession,
    readonly replica: Replica,
    readonly number: number,
  ) {
    const signal = AbortSignal.any([session.signal, this.controller.signal]);
    this.abandoned = new Promise<never>((_resolve, reject) => {
      signal.addEventListener(
        'abort',
        () => setTimeout(() => reject(signal.reason), ABANDON_GRACE_MS).unref(),
        {
          once: true,
        },
      );
    });
    this.abandoned.catch(() => {});
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
    return Promise.race([this.iterator.next(), this.abandoned]);
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
