import { ALL_ERROR_CODES, ERROR_CODES, type ErrorCode, type FinishReason } from '@orch/adapter-api';
import type { Metrics } from './create-metrics.js';
import type { TaskLabels } from './metric-labels.js';

const PRIORITIES = ['interactive', 'batch'] as const;
/** Finish reasons of `orch_tasks_finished_total` (a cancelled task moves `orch_tasks_cancelled_total`). */
const FINISHED_REASONS: readonly FinishReason[] = ['stop', 'length', 'content_filter', 'other'];
/** Codes a started stream can fail with: everything that is not the client's own doing. */
const FAILURE_CODES: readonly ErrorCode[] = ALL_ERROR_CODES.filter(
  (code) => ERROR_CODES[code].origin !== 'client',
);
/** Codes an attempt is retried after. */
const RETRY_CODES: readonly ErrorCode[] = FAILURE_CODES.filter((code) => ERROR_CODES[code].retriable);
/** Codes of a refusal: a client that gave up is counted as abandoned instead. */
const REFUSAL_CODES: readonly ErrorCode[] = ALL_ERROR_CODES.filter(
  (code) => code !== 'cancelled' && code !== 'client_closed',
);
const ABANDON_STAGES = ['waiting', 'opening'] as const;
const ABANDON_CODES = ['client_closed', 'cancelled'] as const;
const API_ROUTES = [
  { api: 'native', route: 'tasks' },
  { api: 'openai', route: 'chat_completions' },
  { api: 'openai', route: 'completions' },
  { api: 'openai', route: 'responses' },
] as const;

/**
 * Series that exist before any pool is known (ORCH-MET-014): requests by route, refusals and body
 * abandonments with no pool. A counter that appears at 0 lets `rate()` and `increase()` see its first event.
 */
export function zeroProcessSeries(metrics: Metrics): void {
  for (const labels of API_ROUTES) metrics.apiRequests.inc(labels, 0);
  for (const code of REFUSAL_CODES) metrics.tasksRejected.inc({ pool_id: '', code }, 0);
  metrics.tasksAbandoned.inc({ pool_id: '', stage: 'request_body', code: 'client_closed' }, 0);
}

/** A configured pool's series, at 0 from start-up (ORCH-MET-014). */
export function zeroPoolSeries(metrics: Metrics, poolId: string): void {
  for (const code of REFUSAL_CODES) metrics.tasksRejected.inc({ pool_id: poolId, code }, 0);
  for (const stage of ABANDON_STAGES) {
    for (const code of ABANDON_CODES) metrics.tasksAbandoned.inc({ pool_id: poolId, stage, code }, 0);
  }
  for (const priority of PRIORITIES) metrics.queueWait.zero({ pool_id: poolId, priority });
  metrics.queueDepth.set({ pool_id: poolId }, 0);
}

/** What {@link zeroReplicaSeries} needs to know of a replica. */
export interface KnownReplica {
  engine: string;
  engineVersion: string;
  poolId: string;
  id: string;
}

/** A replica's series that need no engine version: at 0 as soon as the replica is configured. */
export function zeroReplicaGauges(metrics: Metrics, replica: Omit<KnownReplica, 'engineVersion'>): void {
  metrics.tasksInFlight.set({ engine: replica.engine, pool_id: replica.poolId, replica_id: replica.id }, 0);
  for (const code of RETRY_CODES) {
    metrics.taskRetries.inc({ pool_id: replica.poolId, replica_id: replica.id, code }, 0);
  }
}

/**
 * A replica's per-task series at 0, made once its engine version is known (its first ready probe, before the
 * server listens; again if the engine reports another version after a restart): every priority, finish reason
 * and failure code.
 */
export function zeroReplicaSeries(metrics: Metrics, replica: KnownReplica): void {
  for (const priority of PRIORITIES) {
    const labels: TaskLabels = {
      engine: replica.engine,
      engine_version: replica.engineVersion,
      pool_id: replica.poolId,
      replica_id: replica.id,
      priority,
    };
    metrics.tasksStarted.inc(labels, 0);
    metrics.tasksCancelled.inc(labels, 0);
    metrics.tokensIn.inc(labels, 0);
    metrics.tokensOut.inc(labels, 0);
    for (const finishReason of FINISHED_REASONS) {
      metrics.tasksFinished.inc({ ...labels, finish_reason: finishReason }, 0);
    }
    for (const code of FAILURE_CODES) metrics.tasksFailed.inc({ ...labels, code }, 0);
    metrics.timeToFirstToken.zero(labels);
    metrics.decodeDuration.zero(labels);
    metrics.taskOverhead.zero(labels);
    metrics.interTokenLatency.zero(labels);
  }
}
