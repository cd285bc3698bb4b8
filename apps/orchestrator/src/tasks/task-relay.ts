import { type StartedEvent, type StreamEvent, TaskError, toTaskError } from '@orch/adapter-api';
import type { TaskLabels } from '../metrics/metric-labels.js';
import type { OpenedTaskStream } from './open-task-stream.js';
import type { TaskSession } from './task-session.js';

/**
 * Relays the events of a committed attempt to the client: renumbers tokens, enforces the idle timeout,
 * turns every way an adapter can end (terminal event, throw, bare end, abort) into exactly one terminal event
 * that says how many tokens were delivered, and records the task's metrics and logs once, at the end.
 */
export class TaskRelay {
  private readonly labels: TaskLabels;
  private readonly inFlightLabels: { engine: string; pool_id: string; replica_id: string };
  private readonly idleTimer: NodeJS.Timeout;
  private readonly buffered: StreamEvent[];
  private delivered = 0;
  private firstTokenAt: number | undefined;
  private closed = false;

  constructor(
    private readonly session: TaskSession,
    opened: OpenedTaskStream,
  ) {
    const { attempt } = opened;
    this.buffered = opened.buffered;
    const started = opened.buffered[0] as StartedEvent;
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
        attempt.abort(
          new TaskError('idle_timeout', `Replica "${attempt.replica.id}" sent nothing for ${idleMs} ms.`),
        ),
      idleMs,
    );
    session.deps.metrics.tasksStarted.inc(this.labels);
    session.deps.metrics.tasksInFlight.inc(this.inFlightLabels);
    session.logger.info('task started', {
      replica_id: attempt.replica.id,
      attempt: attempt.number,
      engine: started.engine,
      engine_version: started.engine_version,
      model_digest: started.model_digest,
      seed: started.seed,
      queue_position: started.queue_position,
    });
    this.attempt = attempt;
  }

  private readonly attempt: OpenedTaskStream['attempt'];

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
