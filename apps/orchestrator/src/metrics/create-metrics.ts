import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { TASK_LABELS } from './metric-labels.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Engine starts range from a tiny GGUF (tens of ms) to a large model on vLLM or TensorRT-LLM (minutes). */
const ENGINE_START_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1_200];

/**
 * Creates the orchestrator's metrics on a registry of their own (made once in the composition root).
 * Names and labels are documented in specs/metrics.md and checked by a lint over the scrape output.
 */
export function createMetrics(registry = new Registry()) {
  const taskLabels = [...TASK_LABELS];
  return {
    registry,
    tasksStarted: new Counter({
      name: 'orch_tasks_started_total',
      help: 'Task attempts that reached the started event.',
      labelNames: taskLabels,
      registers: [registry],
    }),
    tasksFinished: new Counter({
      name: 'orch_tasks_finished_total',
      help: 'Tasks that ended with an end event, by normalised finish reason.',
      labelNames: [...taskLabels, 'finish_reason'],
      registers: [registry],
    }),
    tasksFailed: new Counter({
      name: 'orch_tasks_failed_total',
      help: 'Started tasks that ended with an error event, by error code.',
      labelNames: [...taskLabels, 'code'],
      registers: [registry],
    }),
    tasksCancelled: new Counter({
      name: 'orch_tasks_cancelled_total',
      help: 'Started tasks cancelled by the client (disconnect or cancel call).',
      labelNames: taskLabels,
      registers: [registry],
    }),
    apiRequests: new Counter({
      name: 'orch_api_requests_total',
      help: 'Task requests received, by API dialect (native or openai) and route.',
      labelNames: ['api', 'route'],
      registers: [registry],
    }),
    tasksRejected: new Counter({
      name: 'orch_tasks_rejected_total',
      help: 'Tasks refused before streaming (HTTP error answer), by pool and error code.',
      labelNames: ['pool_id', 'code'],
      registers: [registry],
    }),
    tokensIn: new Counter({
      name: 'orch_tokens_in_total',
      help: 'Prompt tokens, as counted by the engines.',
      labelNames: taskLabels,
      registers: [registry],
    }),
    tokensOut: new Counter({
      name: 'orch_tokens_out_total',
      help: 'Generated tokens, as counted by the engines (or by the adapter where the engine does not count).',
      labelNames: taskLabels,
      registers: [registry],
    }),
    timeToFirstToken: new Histogram({
      name: 'orch_time_to_first_token_seconds',
      help: 'Time from admission to the first token event sent to the client.',
      labelNames: taskLabels,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    decodeDuration: new Histogram({
      name: 'orch_decode_duration_seconds',
      help: 'Time from the first token to the end of the stream.',
      labelNames: taskLabels,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    tasksInFlight: new Gauge({
      name: 'orch_tasks_in_flight',
      help: 'Tasks currently streaming, per replica.',
      labelNames: ['engine', 'pool_id', 'replica_id'],
      registers: [registry],
    }),
    taskRetries: new Counter({
      name: 'orch_task_retries_total',
      help: 'Attempts that failed before the first token and were retried, by the failed replica and error code.',
      labelNames: ['pool_id', 'replica_id', 'code'],
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: 'orch_replica_breaker_state',
      help: 'Circuit breaker of the replica: 0 closed, 1 half-open, 2 open.',
      labelNames: ['pool_id', 'replica_id'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'orch_queue_depth',
      help: 'Tasks waiting in the pool admission queue.',
      labelNames: ['pool_id'],
      registers: [registry],
    }),
    engineRestarts: new Counter({
      name: 'orch_engine_restarts_total',
      help: 'Restarts of a managed engine process after it crashed.',
      labelNames: ['pool_id', 'replica_id'],
      registers: [registry],
    }),
    engineStartDuration: new Histogram({
      name: 'orch_engine_start_duration_seconds',
      help: 'Time from launching a managed engine (or reusing one) until its health check said ready.',
      labelNames: ['pool_id', 'replica_id'],
      buckets: ENGINE_START_BUCKETS,
      registers: [registry],
    }),
    engineState: new Gauge({
      name: 'orch_engine_state',
      help: 'Lifecycle state of a managed engine process: 1 for its current state, 0 for the others.',
      labelNames: ['pool_id', 'replica_id', 'state'],
      registers: [registry],
    }),
    clusterRedisUp: new Gauge({
      name: 'orch_cluster_redis_up',
      help: "1 while the fleet's Redis answers this instance, else 0 (set only with `cluster`).",
      labelNames: ['instance_id'],
      registers: [registry],
    }),
    replicaUp: new Gauge({
      name: 'orch_replica_ready',
      help: '1 when the replica passed its last health probe, else 0.',
      labelNames: ['engine', 'engine_version', 'pool_id', 'replica_id'],
      registers: [registry],
    }),
  };
}

/** The orchestrator's metrics. */
export type Metrics = ReturnType<typeof createMetrics>;
