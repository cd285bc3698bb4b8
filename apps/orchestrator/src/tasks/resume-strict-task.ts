import {
  abortableDelay,
  type StartedEvent,
  type StreamEvent,
  TaskError,
  toTaskError,
} from '@orch/adapter-api';
import type { Replica } from '../pools/replica.js';
import { computeBackoff } from '../resilience/compute-backoff.js';
import { chooseReplica } from '../scheduling/choose-replica.js';
import { deterministicReplicas } from './assess-replica-determinism.js';
import { completeDeterminismStamp } from './complete-determinism-stamp.js';
import { TaskAttempt } from './task-attempt.js';
import type { TaskSession } from './task-session.js';

/** What a strict task had delivered when its replica failed. */
export interface StrictResumePoint {
  /** The `started` event the client received: its stamp must be reproduced. */
  started: StartedEvent;
  /** The text of every token event delivered, in order. */
  delivered: readonly string[];
  /** Replicas that already failed this task (never tried again). */
  tried: Set<Replica>;
  /** Number of the next attempt. */
  nextAttempt: number;
  /** The failure that ended the previous attempt (re-thrown when no replica is left to resume on). */
  failure: TaskError;
}

/** The stamp fields that decide an answer; a replica reporting other values cannot reproduce it. */
const STAMP_FIELDS = ['engine', 'engine_version', 'model_digest', 'sampler_profile_version', 'seed'] as const;

/**
 * Resumes a strict task on another deterministic replica of its pool by regenerating it from the start with
 * the same task and seed, and verifying that the new stream reproduces the delivered tokens one for one
 * before anything more reaches the client (ORCH-DET-050, ORCH-DET-051). The regenerated copies are dropped.
 *
 * A replica that fails before the check completes is skipped for the next one (one that failed before it even
 * started, e.g. a dropped keep-alive connection, may be tried again after a backoff); a replica whose stamp or
 * tokens differ ends the task with `failover_mismatch` (never a guess); with no deterministic replica left,
 * the original failure is re-thrown, its message saying so (ORCH-DET-052). Resolves with the new attempt,
 * positioned right after its copy of the last delivered token.
 */
export async function resumeStrictTask(session: TaskSession, point: StrictResumePoint): Promise<TaskAttempt> {
  const maxTries = session.pool.config.retry.max_attempts;
  let failure = point.failure;
  for (let tries = 0; tries < maxTries; tries += 1) {
    if (session.abortReason !== undefined) throw session.abortReason;
    const replica = chooseReplica(deterministicReplicas(session.pool), point.tried);
    if (replica === undefined) break;
    point.tried.add(replica);
    const attempt = new TaskAttempt(session, replica, point.nextAttempt + tries);
    const progress = { started: false };
    try {
      await replayDeliveredTokens(attempt, point, progress);
      return attempt;
    } catch (error) {
      const reason = attempt.abortReason ?? toTaskError(error);
      attempt.finish({ failure: reason, abort: reason });
      if (session.abortReason !== undefined) throw session.abortReason;
      if (reason.code === 'failover_mismatch' || !reason.retriable) throw reason;
      session.logger.warn('failover attempt failed before reaching the resume point', {
        replica_id: replica.id,
        code: reason.code,
        error: reason.message,
      });
      failure = reason;
      if (!progress.started) {
        point.tried.delete(replica);
        const { base_ms: baseMs, max_ms: maxMs } = session.pool.config.retry;
        await abortableDelay(
          computeBackoff(tries + 1, reason.retryAfterMs, { baseMs, maxMs }),
          session.signal,
        ).catch(() => {});
      }
    }
  }
  throw new TaskError(
    failure.code,
    `${failure.message} No other deterministic replica of pool "${session.poolId}" could resume the task.`,
    {
      retriable: failure.retriable,
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    },
  );
}

/**
 * Reads the new attempt up to and including its copy of the last delivered token, checking the stamp and
 * each token's text. Time to the first event is bounded by the pool's TTFT timeout, every later silence by
 * its idle timeout.
 */
async function replayDeliveredTokens(
  attempt: TaskAttempt,
  point: StrictResumePoint,
  progress: { started: boolean },
): Promise<void> {
  const { session, replica } = attempt;
  const { ttft_ms: ttftMs, idle_ms: idleMs } = session.pool.config.timeouts;
  const arm = (code: 'ttft_timeout' | 'idle_timeout', ms: number) =>
    setTimeout(
      () =>
        attempt.abort(
          new TaskError(code, `Replica "${replica.id}" sent nothing for ${ms} ms while replaying.`),
        ),
      ms,
    );
  let timer = arm('ttft_timeout', ttftMs);
  try {
    let verified = 0;
    let started = false;
    while (!started || verified < point.delivered.length) {
      const result = await attempt.next();
      if (attempt.abortReason !== undefined) throw attempt.abortReason;
      if (result.done) {
        throw new TaskError('stream_truncated', `Replica "${replica.id}" closed the stream while replaying.`);
      }
      const event: StreamEvent = result.value;
      clearTimeout(timer);
      timer = arm('idle_timeout', idleMs);
      if (!started && event.type !== 'started' && event.type !== 'error') {
        throw new TaskError(
          'internal',
          `Adapter of replica "${replica.id}" sent "${event.type}" before "started".`,
        );
      }
      switch (event.type) {
        case 'started':
          progress.started = true;
          checkStamp(completeDeterminismStamp(event, replica), point.started, replica.id);
          started = true;
          break;
        case 'error':
          throw new TaskError(event.code, event.message, {
            retriable: event.retriable,
            ...(event.retry_after_ms === undefined ? {} : { retryAfterMs: event.retry_after_ms }),
          });
        case 'token':
          checkToken(event.t, point.delivered, verified, replica.id);
          verified += 1;
          break;
        case 'end':
          throw mismatch(
            `replica "${replica.id}" ended after ${verified} token events; ${point.delivered.length} were delivered`,
          );
        case 'metrics':
          break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

function checkStamp(candidate: StartedEvent, original: StartedEvent, replicaId: string): void {
  for (const field of STAMP_FIELDS) {
    if (candidate[field] !== original[field]) {
      throw mismatch(
        `replica "${replicaId}" reports ${field} ${String(candidate[field])}, the task started with ${String(original[field])}`,
      );
    }
  }
}

function checkToken(text: string, delivered: readonly string[], index: number, replicaId: string): void {
  const expected = delivered[index];
  if (text !== expected) {
    throw mismatch(
      `replica "${replicaId}" regenerated token ${index} as ${JSON.stringify(text)}, ${JSON.stringify(expected)} was delivered`,
    );
  }
}

function mismatch(detail: string): TaskError {
  return new TaskError(
    'failover_mismatch',
    `The task could not fail over without changing its text: ${detail}. It ends here rather than guess.`,
  );
}
