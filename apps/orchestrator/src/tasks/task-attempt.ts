import type { StreamEvent, TaskError, TaskEventSink, TaskStreamControl } from '@orch/adapter-api';
import type { Logger } from '../logging/logger.js';
import type { Replica } from '../pools/replica.js';
import { redactEngineAddresses, redactTaskError } from '../security/redact-engine-addresses.js';

/** How long an aborted adapter may take to end its stream before the orchestrator stops waiting for it. */
export const ABANDON_GRACE_MS = 2_000;

/** What an attempt reports to the task that owns it. */
export interface AttemptOwner {
  /** One event of the attempt's stream, in order. */
  onAttemptEvent(attempt: TaskAttempt, event: StreamEvent): void;
  /** The attempt's stream ended without a terminal event (failed before `started`, broke the contract, or hung). */
  onAttemptFailure(attempt: TaskAttempt, error: TaskError): void;
  /** Where the unredacted failure of an attempt is written for operators. */
  readonly logger?: Logger;
}

/**
 * One try of a task on one replica: it holds one in-flight count on the replica and one trial of the replica's
 * breaker until {@link finish}, and is the sink of the adapter's pushed stream. Events that arrive after it has
 * finished (an abandoned stream) are dropped, so a task only ever hears from its current attempt.
 */
export class TaskAttempt implements TaskEventSink {
  /** Aborts the engine request of this attempt only (the task may go on elsewhere). */
  readonly controller = new AbortController();
  readonly startedAt = performance.now();
  /** When {@link finish} ran: the end of the time the task waited on this attempt's engine. */
  endedAt: number | undefined;
  /** Set once the adapter pushed `started`. */
  sawStarted = false;
  private control: TaskStreamControl | undefined;
  private readonly settleBreaker: ((failure?: TaskError) => void) | undefined;
  private abandonTimer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly owner: AttemptOwner,
    readonly replica: Replica,
    readonly number: number,
  ) {
    this.settleBreaker = replica.breaker.begin();
    replica.inFlight += 1;
  }

  /** Starts the adapter's stream; events reach the owner from here on. */
  start(stream: { start(sink: TaskEventSink): TaskStreamControl }): void {
    this.control = stream.start(this);
    if (this.finished) this.control.close();
  }

  /** Why this attempt was aborted, if it was. */
  get abortReason(): TaskError | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as TaskError) : undefined;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  event(event: StreamEvent): void {
    if (this.finished) return;
    if (event.type === 'started') this.sawStarted = true;
    else if (event.type === 'error') {
      // Clients see the replica's id, never its address (ORCH-SEC-020); only failures pay for this.
      const message = redactEngineAddresses(event.message, this.replica.id);
      if (message !== event.message) {
        this.logUnredacted(event.message);
        event = { ...event, message };
      }
    }
    this.owner.onAttemptEvent(this, event);
  }

  fail(error: TaskError): void {
    if (this.finished) return;
    const redacted = redactTaskError(error, this.replica.id);
    if (redacted !== error) this.logUnredacted(error.message);
    this.owner.onAttemptFailure(this, redacted);
  }

  private logUnredacted(message: string): void {
    this.owner.logger?.info('engine failure, with its address', {
      replica_id: this.replica.id,
      error: message,
    });
  }

  /**
   * Aborts the engine request. An adapter that does not end its stream within {@link ABANDON_GRACE_MS} is
   * abandoned: the owner hears a failure with the abort reason, and the stream is closed.
   */
  abort(reason: TaskError): void {
    if (this.controller.signal.aborted || this.finished) return;
    this.controller.abort(reason);
    this.abandonTimer = setTimeout(() => this.fail(reason), ABANDON_GRACE_MS);
    this.abandonTimer.unref();
  }

  pause(): void {
    this.control?.pause();
  }

  resume(): void {
    this.control?.resume();
  }

  /** Releases the replica, settles the breaker trial and closes the adapter stream. Only the first call acts. */
  finish(failure?: TaskError): void {
    if (this.finished) return;
    this.finished = true;
    this.endedAt = performance.now();
    clearTimeout(this.abandonTimer);
    this.replica.inFlight -= 1;
    this.settleBreaker?.(failure);
    this.control?.close();
  }
}
