import { abortableDelay, type StreamEvent, TaskError, toTaskError } from '@orch/adapter-api';
import type { Replica } from '../pools/replica.js';
import { computeBackoff } from '../resilience/compute-backoff.js';
import { chooseReplica } from '../scheduling/choose-replica.js';
import { deterministicReplicas } from './assess-replica-determinism.js';
import { completeDeterminismStamp } from './complete-determinism-stamp.js';
import { TaskAttempt } from './task-attempt.js';
import type { TaskSession } from './task-session.js';

/** A task whose stream is committed: an attempt that produced `started` and its first token (or its end). */
export interface OpenedTaskStream {
  attempt: TaskAttempt;
  /** Events already read from the adapter, `started` first, to be sent before reading more. */
  buffered: StreamEvent[];
}

/**
 * Runs attempts until one reaches its first token. Until then nothing has gone to the client, so a retriable
 * failure is retried on another ready replica after a jittered backoff (never shorter than the engine's
 * retry-after). Rejects with the last failure when no replica is left, or at once for a non-retriable one.
 */
export async function openTaskStream(session: TaskSession): Promise<OpenedTaskStream> {
  const retry = session.pool.config.retry;
  const tried = new Set<Replica>();
  let lastFailure: TaskError | undefined;
  for (let number = 1; ; number += 1) {
    if (session.abortReason !== undefined) throw session.abortReason;
    const strict = session.task.determinism === 'strict';
    // Strict tasks run, and retry, only on deterministic replicas (ORCH-DET-043).
    const replica = chooseReplica(
      strict ? deterministicReplicas(session.pool) : session.pool.replicas,
      tried,
    );
    if (replica === undefined) {
      const kind = strict ? 'deterministic replica' : 'replica';
      throw (
        lastFailure ?? new TaskError('no_ready_replica', `No ${kind} of pool "${session.poolId}" is ready.`)
      );
    }
    tried.add(replica);
    const attempt = new TaskAttempt(session, replica, number);
    try {
      return { attempt, buffered: await readUntilFirstToken(attempt) };
    } catch (error) {
      const failure = attempt.abortReason ?? toTaskError(error);
      attempt.finish({ failure, abort: failure });
      if (session.abortReason !== undefined) throw session.abortReason;
      if (!failure.retriable || number >= retry.max_attempts) throw failure;
      // No untried replica left: there is no retry to count, log or wait for (a lone replica answers at once).
      const candidates = strict ? deterministicReplicas(session.pool) : session.pool.replicas;
      if (chooseReplica(candidates, tried) === undefined) throw failure;
      lastFailure = failure;
      session.deps.metrics.taskRetries.inc({
        pool_id: session.poolId,
        replica_id: replica.id,
        code: failure.code,
      });
      session.logger.warn('attempt failed before the first token', {
        replica_id: replica.id,
        attempt: number,
        code: failure.code,
        error: failure.message,
      });
      const backoff = computeBackoff(number, failure.retryAfterMs, {
        baseMs: retry.base_ms,
        maxMs: retry.max_ms,
      });
      await abortableDelay(backoff, session.signal).catch(() => {});
    }
  }
}

async function readUntilFirstToken(attempt: TaskAttempt): Promise<StreamEvent[]> {
  const { session, replica } = attempt;
  const ttftMs = session.pool.config.timeouts.ttft_ms;
  const timer = setTimeout(
    () =>
      attempt.abort(
        new TaskError('ttft_timeout', `No first token from replica "${replica.id}" within ${ttftMs} ms.`),
      ),
    ttftMs,
  );
  try {
    const buffered: StreamEvent[] = [];
    while (true) {
      const result = await attempt.next();
      if (attempt.abortReason !== undefined) throw attempt.abortReason;
      if (result.done) {
        throw new TaskError(
          'stream_truncated',
          `Replica "${replica.id}" ended the stream before its first token.`,
        );
      }
      const event = result.value;
      if (buffered.length === 0 && event.type !== 'started' && event.type !== 'error') {
        throw new TaskError(
          'internal',
          `Adapter of replica "${replica.id}" sent "${event.type}" before "started".`,
        );
      }
      if (event.type === 'error') {
        throw new TaskError(event.code, event.message, {
          retriable: event.retriable,
          retryAfterMs: event.retry_after_ms,
        });
      }
      if (event.type === 'started') {
        const started = {
          ...completeDeterminismStamp(event, replica),
          pool_id: session.poolId,
          replica_id: replica.id,
          queue_position: session.queuePosition,
          attempt: attempt.number,
        };
        if (session.queuedMs !== undefined) started.queued_ms = Math.round(session.queuedMs);
        if (session.predictedStartMs !== undefined) started.predicted_start_ms = session.predictedStartMs;
        buffered.push(started);
        continue;
      }
      buffered.push(event);
      if (event.type === 'token' || event.type === 'end') return buffered;
    }
  } finally {
    clearTimeout(timer);
  }
}
