/**
 * The wire types of the status page's event stream (`GET /v1/events`) and of its JSON answers
 * (`GET /v1/events/tasks/{handle}`), specs/ui.md. Every field name is snake_case; times are epoch milliseconds.
 * This file is the contract between the orchestrator and the page: the page codes against it. A task's own stream
 * (`GET /v1/events/tasks/{handle}/events`) carries adapter-api's `StreamEvent`s, exactly those its client received.
 */

/** A breaker's state as the page shows it. */
export interface UiBreaker {
  /** closed: attempts pass; open: refused until `half_open_at`; half_open: one trial attempt at a time. */
  state: 'closed' | 'open' | 'half_open';
  /** When the breaker last opened (epoch ms); absent while it never opened since the last close. */
  opens_at?: number;
  /** When an open breaker lets its trial attempt through (epoch ms); absent unless open. */
  half_open_at?: number;
}

/** Engine load figures of a replica, from the engine's own metrics at the last probe; unknown: absent. */
export interface UiReplicaLoad {
  /** Requests the engine is generating for (busy slots). */
  slots_busy?: number;
  /** Requests queued inside the engine. */
  queue_depth?: number;
  /** KV cache usage, 0..1, where the engine reports it. */
  kv_cache_usage?: number;
}

/** One replica of a pool (the `replica` delta carries a whole one). */
export interface UiReplica {
  /**
   * Replica id from the config, unique within its pool. `POST /v1/replicas/{id}/breaker/reset` takes
   * `pool_id:id`, or the id alone when no other pool has a replica of that id.
   */
  id: string;
  /** The pool it belongs to. */
  pool_id: string;
  /** Engine kind (`llamacpp`, `vllm`, `fake`, …). */
  engine: string;
  /** The engine's own version once read; absent before the first successful read. */
  engine_version?: string;
  /** The replica's address with any credentials removed; empty for a key that sees its own tasks only. */
  url: string;
  /** Result of the last health probe. */
  health: 'ready' | 'loading' | 'unhealthy' | 'down';
  /** The breaker in front of the replica. */
  breaker: UiBreaker;
  /** Tasks streaming on it now. */
  in_flight: number;
  /** Tasks it runs at once. */
  slots: number;
  /** Engine load figures when known. */
  load?: UiReplicaLoad;
  /** Id of the managed engine behind it (see {@link UiEngine}), when the orchestrator launches it. */
  managed?: string;
}

/** One task waiting in a pool's queue. */
export interface UiQueueEntry {
  /** The task's handle (see {@link UiTaskSummary.handle}). */
  handle: string;
  /**
   * The task id its client gave; for a key that sees its own tasks only, the handle again (other owners' task ids
   * stay hidden, ORCH-SEC-004).
   */
  task_id: string;
  /** Its priority class. */
  priority: string;
  /** 1-based place in the queue. */
  position: number;
  /** When it entered the queue (epoch ms). */
  enqueued_at: number;
}

/** A pool with its replicas and queue, as in the snapshot. */
export interface UiPool {
  /** Pool id. */
  id: string;
  /** The engine kind its replicas run. */
  engine: string;
  /** The model it serves. */
  model: string;
  replicas: UiReplica[];
  queue: UiQueueEntry[];
}

/** Where a task is in its life. */
export type UiTaskPhase = 'queued' | 'opening' | 'streaming' | 'failing_over' | 'done';

/** What the page shows of one task, running or recent (the `tasks` delta lists whole ones). */
export interface UiTaskSummary {
  /** Opaque id unique on this instance (two owners' equal task ids get distinct handles). */
  handle: string;
  /** The task id its client gave. */
  task_id: string;
  /** The model asked for. */
  model: string;
  /** The pool serving it. */
  pool_id: string;
  /** The replica of the current (or last) attempt. */
  replica_id?: string;
  /** Priority class. */
  priority: string;
  phase: UiTaskPhase;
  /** Token events delivered to the client so far. */
  tokens: number;
  /** When the task was admitted (epoch ms). */
  started_at: number;
  /** When it ended (epoch ms); absent while running. */
  ended_at?: number;
  /** `ok` for a normal end (cancel included), else the error code; absent while running. */
  outcome?: string;
  /** The error's message when the outcome is an error (secrets redacted). */
  error_message?: string;
  /** Attempts made so far. */
  attempts: number;
}

/** One point of the live traffic series (one a second). */
export interface UiTrafficPoint {
  /** End of the second it covers (epoch ms). */
  at: number;
  /** Token events delivered in that second. */
  tokens_per_s: number;
  /** Tasks that ended in that second. */
  tasks_per_s: number;
  /** Median time to first token of the tasks that got one in that second, ms; absent: none did. */
  ttft_ms_p50?: number;
  /** 95th percentile of the same, ms. */
  ttft_ms_p95?: number;
  /** Share of the tasks ended in that second that ended with an error, 0..1 (0 when none ended). */
  error_rate: number;
}

/** A managed engine process (the `engine` delta carries a whole one). */
export interface UiEngine {
  /** Engine id, `pool_id:replica_id` (what `/v1/engines/{id}/…` takes). */
  id: string;
  /** The pool of the replica it serves. */
  pool_id: string;
  /** The replica it serves. */
  replica_id: string;
  /** Process state. */
  state: 'stopped' | 'starting' | 'ready' | 'stopping' | 'crashed';
  /** Process id while it runs. */
  pid?: number;
  /** Restarts after crashes since the orchestrator started. */
  restarts: number;
  /** Why it last stopped or failed (secrets and addresses redacted). */
  last_exit?: string;
  /** When the current process was started (epoch ms). */
  started_at?: number;
  /** True once restarts were given up. */
  gave_up: boolean;
}

/** New output lines of a managed engine (the `engine_log` delta). */
export interface UiEngineLog {
  engine_id: string;
  /** Lines in order, secrets redacted. */
  lines: string[];
}

/** One orchestrator instance of the fleet. */
export interface UiInstance {
  /** Instance id (`cluster.instance_id`, or the process's own). */
  id: string;
  /** True for the instance answering this stream. */
  self: boolean;
  /** Its last heartbeat (epoch ms). */
  last_seen: number;
}

/** What the page may do. */
export interface UiCapabilities {
  /** The subscriber may use the actions (an operator key, or a loopback client without auth). */
  can_act: boolean;
  /** Prompts and outputs are kept (`ui.keep_prompts`). */
  keep_prompts: boolean;
}

/** The first event of `/v1/events`: the whole state. */
export interface UiSnapshot {
  /** The instance answering. */
  instance: string;
  pools: UiPool[];
  tasks: { running: UiTaskSummary[]; recent: UiTaskSummary[] };
  /** The traffic history, oldest first. */
  traffic: UiTrafficPoint[];
  engines: UiEngine[];
  /** The kept output lines of each managed engine (`ui.log_lines`), oldest first. */
  engine_logs: UiEngineLog[];
  instances: UiInstance[];
  ui: UiCapabilities;
}

/** A pool's whole queue (the `queue` delta), coalesced to at most one per 250 ms per pool. */
export interface UiQueueDelta {
  pool_id: string;
  entries: UiQueueEntry[];
}

/** Every event of `/v1/events`: the SSE `event:` name is the key, `data:` the JSON of the value. */
export interface UiEventMap {
  snapshot: UiSnapshot;
  replica: UiReplica;
  queue: UiQueueDelta;
  tasks: UiTaskSummary[];
  traffic: UiTrafficPoint;
  engine: UiEngine;
  engine_log: UiEngineLog;
  instances: UiInstance[];
}

/** The name of an event of `/v1/events`. */
export type UiEventType = keyof UiEventMap;

/** One entry of a task's attempt timeline. */
export interface UiTimelineEntry {
  /** When it happened (epoch ms). */
  at: number;
  kind: 'queued' | 'attempt' | 'retry' | 'failover' | 'token_first' | 'terminal';
  /** The replica concerned (attempt, retry, failover: the one that failed). */
  replica_id?: string;
  /** Attempt number (attempt, retry). */
  attempt?: number;
  /** The error code and message (retry, failover, an error terminal). */
  error?: { code: string; message: string };
  /** Token events delivered when a failover began: the replacement reproduces them first. */
  resumed_at_token?: number;
  /** Queue position at admission (queued). */
  position?: number;
  /** `ok` or the error code (terminal). */
  outcome?: string;
}

/** The determinism stamp of a task: what decides its text (from its `started` event). */
export interface UiDeterminismStamp {
  engine: string;
  engine_version: string;
  model_digest?: string;
  sampler_profile_version?: string;
  seed: number;
}

/** `GET /v1/events/tasks/{handle}`. */
export interface UiTaskDetail {
  summary: UiTaskSummary;
  timeline: UiTimelineEntry[];
  /** Present once the task started streaming. */
  stamp?: UiDeterminismStamp;
  /** The request as a curl command against this instance, `$ORCH_API_KEY` in place of any key. */
  curl: string;
  /** The request body, only with `ui.keep_prompts`. */
  prompt?: unknown;
  /** The text delivered, only with `ui.keep_prompts`. */
  output?: string;
}
