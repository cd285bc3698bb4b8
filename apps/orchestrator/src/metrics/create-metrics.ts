import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FastHistogram } from './fast-histogram.js';
import { TASK_LABELS } from './metric-labels.js';
import { readOrchestratorVersion } from './read-orchestrator-version.js';
import { registerProcessMetrics } from './register-process-metrics.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Engine starts range from a tiny GGUF (tens of ms) to a large model on vLLM or TensorRT-LLM (minutes). */
const ENGINE_START_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1_200];
/** Gaps between tokens: a fast engine streams every few ms, a loaded one every few hundred. */
const INTER_TOKEN_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** The orchestrator's own time is sub-millisecond when healthy: the buckets start at 100 µs. */
const OVERHEAD_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];
/** Most tasks wait for nothing (the first bucket); a full queue or a model load waits seconds to minutes. */
const QUEUE_WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * Creates the orchestrator's metrics on a registry of their own (made once in the composition root).
 * Names and labels are documented in specs/metrics.md and checked by a lint over the scrape output.
 */
export function createMetrics(registry = new Registry()) {
  const taskLabels = [...TASK_LABELS];
  registerProcessMetrics(registry);
  const buildInfo = new Gauge({
    name: 'orch_build_info',
    help: 'Always 1; the orchestrator version and the Node.js version it runs on as labels.',
    labelNames: ['version', 'node_version'],
    // Summed over the workers of `server.workers` it would say 2 (ORCH-CLU-082).
    aggregator: 'first',
    registers: [registry],
  });
  buildInfo.set({ version: readOrchestratorVersion(), node_version: process.versions.node }, 1);
  return {
    registry,
    buildInfo,
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
    tasksAbandoned: new Counter({
      name: 'orch_tasks_abandoned_total',
      help: 'Tasks whose client gave up before their first token, by stage (request_body, waiting, opening) and code (client_closed, cancelled).',
      labelNames: ['pool_id', 'stage', 'code'],
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
    interTokenLatency: new FastHistogram({
      name: 'orch_inter_token_latency_seconds',
      help: 'Time between consecutive token events of a task, as the orchestrator received them for its client.',
      labelNames: TASK_LABELS,
      buckets: INTER_TOKEN_BUCKETS,
      registers: [registry],
    }),
    taskOverhead: new Histogram({
      name: 'orch_task_overhead_seconds',
      help: 'Time the orchestrator itself added to a streamed task: its total time less queue wait and engine time.',
      labelNames: taskLabels,
      buckets: OVERHEAD_BUCKETS,
      registers: [registry],
    }),
    queueWait: new Histogram({
      name: 'orch_queue_wait_seconds',
      help: 'Time a task waited for a slot (and its managed engine) before its first engine request; 0 when it waited for nothing.',
      labelNames: ['pool_id', 'priority'],
      buckets: QUEUE_WAIT_BUCKETS,
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
      // Across workers: the most open state any worker has.
      aggregator: 'max',
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
      // Across workers: each state any worker reports.
      aggregator: 'max',
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
      // Across workers: ready when every worker found it ready.
      aggregator: 'min',
      registers: [registry],
    }),
    // Connection limits (ORCH-SEC-016): set by the server's connection guard.
    httpConnections: new Gauge({
      name: 'orch_http_connections',
      help: 'Client connections open now.',
      registers: [registry],
    }),
    httpConnectionsRefused: new Counter({
      name: 'orch_http_connections_refused_total',
      help: 'Client connections refused with 503 too_many_connections, by which cap was reached.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    openFileDescriptorRatio: new Gauge({
      name: 'orch_open_fds_ratio',
      help: 'Open file descriptors of the process over its limit (0..1), sampled every few seconds.',
      // Across workers: the fullest process.
      aggregator: 'max',
      registers: [registry],
    }),
  };
}

/** The orchestrator's metrics. */
export type Metrics = ReturnType<typeof createMetrics>;
