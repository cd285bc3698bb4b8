import { type StartedEvent, type StreamEvent, TaskError, toTaskError } from '@orch/adapter-api';
import type { TaskLabels } from '../metrics/metric-labels.js';
import { encodeTaskEvent } from './encode-task-event.js';
import type { OpenedTaskStream } from './open-task-stream.js';
import type { TaskSession } from './task-session.js';

/**
 * The SSE body of a committed task. It pulls one adapter event at a time, only when the client has read the
 * previous one (so a slow reader slows the engine read instead of growing a buffer), renumbers tokens,
 * enforces the idle timeout, and guarantees exactly one terminal event: an adapter that ends without one, or
 * throws, produces a typed `error` that says how many tokens were delivered.
 */
export function createTaskEventStream(
  session: TaskSession,
  opened: OpenedTaskStream,
): ReadableStream<Uint8Array> {
  const { attempt, buffered } = opened;
  const { metrics } = session.deps;
  const started = buffered[0] as StartedEvent;
  const labels: TaskLabels = {
    engine: attempt.replica.engine,
    engine_version: started.engine_version,
    pool_id: session.poolId,
    replica_id: attempt.replica.id,
    priority: session.task.priority,
  };
  const inFlightLabels = { engine: labels.engine, pool_id: labels.pool_id, replica_id: labels.replica_id };
  const idleMs = session.pool.config.timeouts.idle_ms;
  const idleTimer = setTimeout(
    () =>
      attempt.abort(
        new TaskError('idle_timeout', `Replica "${attempt.replica.id}" sent nothing for ${idleMs} ms.`),
      ),
    idleMs,
  );
  let delivered = 0;
  let firstTokenAt: number | undefined;
  let closed = false;

  metrics.tasksStarted.inc(labels);
  metrics.tasksInFlight.inc(inFlightLabels);
  session.logger.info('task started', {
    replica_id: attempt.replica.id,
    attempt: attempt.number,
    engine: started.engine,
    engine_version: started.engine_version,
    model_digest: started.model_digest,
    seed: started.seed,
  });

  const finish = (terminal: StreamEvent | undefined) => {
    if (closed) return;
    closed = true;
    clearTimeout(idleTimer);
    attempt.finish(terminal === undefined ? session.abortReason : undefined);
    session.close();
    metrics.tasksInFlight.dec(inFlightLabels);
    recordOutcome(terminal);
  };

  const recordOutcome = (terminal: StreamEvent | undefined) => {
    const now = performance.now();
    if (firstTokenAt !== undefined) metrics.decodeDuration.observe(labels, (now - firstTokenAt) / 1000);
    if (terminal?.type === 'end') {
      if (terminal.tokens_in !== undefined) metrics.tokensIn.inc(labels, terminal.tokens_in);
      if (terminal.tokens_out !== undefined) metrics.tokensOut.inc(labels, terminal.tokens_out);
      if (terminal.finish_reason === 'cancelled') metrics.tasksCancelled.inc(labels);
      else metrics.tasksFinished.inc({ ...labels, finish_reason: terminal.finish_reason });
      session.logger.info('task ended', {
        finish_reason: terminal.finish_reason,
        finish_reason_raw: terminal.finish_reason_raw,
        tokens_in: terminal.tokens_in,
        tokens_out: terminal.tokens_out,
        token_events: delivered,
        duration_ms: Math.round(now - session.admittedAt),
      });
    } else if (terminal?.type === 'error') {
      metrics.tasksFailed.inc({ ...labels, code: terminal.code });
      session.logger.warn('task failed', {
        code: terminal.code,
        error: terminal.message,
        token_events: delivered,
      });
    } else {
      metrics.tasksCancelled.inc(labels);
      session.logger.info('client went away; task cancelled', { token_events: delivered });
    }
  };

  const nextEvent = async (): Promise<StreamEvent> => {
    const queued = buffered.shift();
    if (queued !== undefined) return queued;
    try {
      const result = await attempt.next();
      idleTimer.refresh();
      if (!result.done) return result.value;
      return terminalFor(
        attempt.abortReason ??
          new TaskError(
            'stream_truncated',
            `Replica "${attempt.replica.id}" closed the stream without a terminal event.`,
          ),
      );
    } catch (error) {
      return terminalFor(attempt.abortReason ?? toTaskError(error));
    }
  };

  /** A cancel is a normal end (`finish_reason: "cancelled"`); every other failure is a typed error. */
  const terminalFor = (failure: TaskError): StreamEvent =>
    failure.code === 'cancelled'
      ? { type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' }
      : failure.toEvent(delivered);

  /** Gives adapter events their final form: tokens renumbered, aborts reported with the abort's reason. */
  const normalise = (event: StreamEvent): StreamEvent => {
    if (event.type === 'token') {
      if (event.i !== delivered) event = { type: 'token', i: delivered, t: event.t };
      delivered += 1;
      if (firstTokenAt === undefined) {
        firstTokenAt = performance.now();
        metrics.timeToFirstToken.observe(labels, (firstTokenAt - session.admittedAt) / 1000);
      }
      return event;
    }
    if (event.type === 'end' && event.finish_reason === 'cancelled') {
      const reason = attempt.abortReason;
      if (reason !== undefined && reason.code !== 'cancelled') return reason.toEvent(delivered);
    }
    if (event.type === 'error' && event.tokens_delivered !== delivered)
      return { ...event, tokens_delivered: delivered };
    return event;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const event = normalise(await nextEvent());
        if (closed) return;
        controller.enqueue(encodeTaskEvent(event));
        if (event.type === 'end' || event.type === 'error') {
          finish(event);
          controller.close();
        }
      },
      cancel() {
        session.abort(new TaskError('cancelled', 'The client closed the connection.'));
        finish(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
