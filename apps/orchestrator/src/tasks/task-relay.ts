import {
  type ErrorEvent,
  type StartedEvent,
  type StreamEvent,
  TaskError,
  toTaskError,
} from '@orch/adapter-api';
import type { TaskLabels } from '../metrics/metric-labels.js';
import type { Replica } from '../pools/replica.js';
import type { OpenedTaskStream } from './open-task-stream.js';
import { resumeStrictTask } from './resume-strict-task.js';
import type { TaskAttempt } from './task-attempt.js';
import type { TaskSession } from './task-session.js';

/**
 * Relays the events of a committed attempt to the client: renumbers tokens, enforces the idle timeout,
 * turns every way an adapter can end (terminal event, throw, bare end, abort) into exactly one terminal event
 * that says how many tokens were delivered, and records the task's metrics and logs once, at the end.
 * A strict task whose replica fails mid-stream moves to another deterministic replica once that replica has
 * reproduced every delivered token (see {@link resumeStrictTask}); the client sees only a `metrics` note.
 */
export class TaskRelay {
  private labels: TaskLabels;
  private inFlightLabels: { engine: string; pool_id: string; replica_id: string };
  private readonly idleTimer: NodeJS.Timeout;
  private readonly buffered: StreamEvent[];
  private readonly started: StartedEvent;
  /** Texts of the delivered token events, kept for strict tasks only (what a failover must reproduce). */
  private readonly deliveredTexts: string[] = [];
  /** Replicas that failed this task mid-stream. */
  private readonly failedReplicas = new Set<Replica>();
  private attempt: TaskAttempt;
  private delivered = 0;
  private firstTokenAt: number | undefined;
  private closed = false;

  constructor(
    private readonly session: TaskSession,
    opened: OpenedTaskStream,
  ) {
    const { attempt } = opened;
    this.attempt = attempt;
    this.buffered = opened.buffered;
    const started = opened.buffered[0] as StartedEvent;
    this.started = started;
    this.labels = {
      engine: attempt.replica.engine,
      engine_version: started.engine_version,
      pool_id: session.poolId,
      replica_id: attempt.replica.id,
      priority: session.task.priority,
    };
    this.inFlightLabels = {
      engine: this.labels.engine,
      pool_id: this.labels.pool_id,
      replica_id: this.labels.replica_id,
    };
    const idleMs = session.pool.config.timeouts.idle_ms;
    this.idleTimer = setTimeout(
      () =>
        this.attempt.abort(
          new TaskError(
            'idle_timeout',
            `Replica "${this.attempt.replica.id}" sent nothing for ${idleMs} ms.`,
          ),
        ),
      idleMs,
    );
    session.deps.metrics.tasksStarted.inc(this.labels);
    session.deps.metrics.tasksInFlight.inc(this.inFlightLabels);
    // The determinism stamp, one line per task (ORCH-DET-003).
    session.logger.info('task started', {
      replica_id: attempt.replica.id,
      attempt: attempt.number,
      engine: started.engine,
      engine_version: started.engine_version,
      model_digest: started.model_digest,
      sampler_profile_version: started.sampler_profile_version,
      seed: started.seed,
      determinism: session.task.determinism ?? 'best_effort',
      queue_position: started.queue_position,
    });
  }

  private get strict(): boolean {
    return this.session.task.determinism === 'strict';
  }

  /** The next event for the client, normalised; after a terminal event the relay is finished. */
  async next(): Promise<StreamEvent> {
    const event = this.normalise(await this.read());
    if (event.type === 'end' || event.type === 'error') this.finish(event);
    return event;
  }

  /** The client went away: abort the engine request and record a cancellation. */
  abandon(): void {
    this.finish(undefined);
  }

  private async read(): Promise<StreamEvent> {
    const queued = this.buffered.shift();
    if (queued !== undefined) return queued;
    const event = await this.readAttempt();
    return this.mayFailOver(event) ? this.failOver(event) : event;
  }

  private async readAttempt(): Promise<StreamEvent> {
    try {
      const result = await this.attempt.next();
      this.idleTimer.refresh();
      if (!result.done) return result.value;
      return this.terminalFor(
        this.attempt.abortReason ??
          new TaskError(
            'stream_truncated',
            `Replica "${this.attempt.replica.id}" closed the stream without a terminal event.`,
          ),
      );
    } catch (error) {
      return this.terminalFor(this.attempt.abortReason ?? toTaskError(error));
    }
  }

  /** Strict tasks fail over on a retriable failure of the replica; never on the task's own abort. */
  private mayFailOver(event: StreamEvent): event is ErrorEvent {
    return (
      this.strict &&
      event.type === 'error' &&
      event.retriable &&
      this.session.abortReason === undefined &&
      !this.closed
    );
  }

  /**
   * Moves a strict task to another deterministic replica after verifying the delivered tokens there
   * (ORCH-DET-050); returns the `metrics` note for the client, or the terminal event when it cannot.
   */
  private async failOver(failed: ErrorEvent): Promise<StreamEvent> {
    const from = this.attempt;
    const failure = new TaskError(failed.code, failed.message, { retriable: failed.retriable });
    from.finish({ failure, abort: failure });
    this.failedReplicas.add(from.replica);
    this.session.logger.warn('strict task failing over', {
      replica_id: from.replica.id,
      code: failed.code,
      error: failed.message,
      resumed_at_token: this.delivered,
    });
    let next: TaskAttempt;
    try {
      next = await resumeStrictTask(this.session, {
        started: this.started,
        delivered: this.deliveredTexts,
        tried: this.failedReplicas,
        nextAttempt: from.number + 1,
        failure,
      });
    } catch (error) {
      return this.terminalFor(this.session.abortReason ?? toTaskError(error));
    }
    if (this.closed) {
      // The client left while the new replica replayed: nothing reads this stream any more.
      next.finish({ abort: this.session.abortReason });
      return this.terminalFor(this.session.abortReason ?? new TaskError('cancelled', 'The task ended.'));
    }
    this.attempt = next;
    const { metrics } = this.session.deps;
    metrics.tasksInFlight.dec(this.inFlightLabels);
    this.labels = { ...this.labels, replica_id: next.replica.id };
    this.inFlightLabels = { ...this.inFlightLabels, replica_id: next.replica.id };
    metrics.tasksInFlight.inc(this.inFlightLabels);
    this.idleTimer.refresh();
    const note = {
      from_replica: from.replica.id,
      to_replica: next.replica.id,
      resumed_at_token: this.delivered,
    };
    this.session.logger.info('strict task failed over', { ...note, attempt: next.number });
    return {
      type: 'metrics',
      note: `failover: replica "${note.from_replica}" failed; "${note.to_replica}" reproduced the ${note.resumed_at_token} delivered tokens and continues`,
      failover: note,
    };
  }

  /** A cancel is a normal end (`finish_reason: "cancelled"`); every other failure is a typed error. */
  private terminalFor(failure: TaskError): StreamEvent {
    return failure.code === 'cancelled'
      ? { type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' }
      : failure.toEvent(this.delivered);
  }

  private normalise(event: StreamEvent): StreamEvent {
    if (event.type === 'token') {
      const token =
        event.i === this.delivered ? event : { type: 'token' as const, i: this.delivered, t: event.t };
      if (this.strict) this.deliveredTexts.push(event.t);
      this.delivered += 1;
      if (this.firstTokenAt === undefined) {
        this.firstTokenAt = performance.now();
        this.session.deps.metrics.timeToFirstToken.observe(
          this.labels,
          (this.firstTokenAt - this.session.admittedAt) / 1000,
        );
      }
      return token;
    }
    if (event.type === 'end' && event.finish_reason === 'cancelled') {
      const reason = this.attempt.abortReason;
      if (reason !== undefined && reason.code !== 'cancelled') return reason.toEvent(this.delivered);
    }
    if (event.type === 'error' && event.tokens_delivered !== this.delivered) {
      return { ...event, tokens_delivered: this.delivered };
    }
    return event;
  }

  private finish(terminal: StreamEvent | undefined): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    const failure =
      terminal?.type === 'error'
        ? new TaskError(terminal.code, terminal.message, { retriable: terminal.retriable })
        : undefined;
    this.attempt.finish({ failure, abort: terminal === undefined ? this.session.abortReason : undefined });
    this.session.close();
    this.session.deps.metrics.tasksInFlight.dec(this.inFlightLabels);
    this.record(terminal);
  }

  private record(terminal: StreamEvent | undefined): void {
    const { metrics } = this.session.deps;
    const labels = this.labels;
    const now = performance.now();
    if (this.firstTokenAt !== undefined)
      metrics.decodeDuration.observe(labels, (now - this.firstTokenAt) / 1000);
    if (terminal?.type === 'end') {
      if (terminal.tokens_in !== undefined) metrics.tokensIn.inc(labels, terminal.tokens_in);
      if (terminal.tokens_out !== undefined) metrics.tokensOut.inc(labels, terminal.tokens_out);
      if (terminal.finish_reason === 'cancelled') metrics.tasksCancelled.inc(labels);
      else metrics.tasksFinished.inc({ ...labels, finish_reason: terminal.finish_reason });
      this.session.logger.info('task ended', {
        finish_reason: terminal.finish_reason,
        finish_reason_raw: terminal.finish_reason_raw,
        tokens_in: terminal.tokens_in,
        tokens_out: terminal.tokens_out,
        token_events: this.delivered,
        duration_ms: Math.round(now - this.session.admittedAt),
      });
    } else if (terminal?.type === 'error') {
      metrics.tasksFailed.inc({ ...labels, code: terminal.code });
      this.session.logger.warn('task failed', {
        code: terminal.code,
        error: terminal.message,
        token_events: this.delivered,
      });
    } else {
      metrics.tasksCancelled.inc(labels);
      this.session.logger.info('client went away; task cancelled', { token_events: this.delivered });
    }
  }
}
