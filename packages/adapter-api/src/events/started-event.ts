/** First event of every successful stream: which replica runs the task and how to reproduce it. */
export interface StartedEvent {
  type: 'started';
  /** The task's id (client-supplied or generated). */
  task_id: string;
  /** The model name that serves the task. */
  model: string;
  /** The pool the task was admitted to (set by the orchestrator; `''` from an adapter). */
  pool_id: string;
  /** The replica that runs this attempt (set by the orchestrator; `''` from an adapter). */
  replica_id: string;
  /** The engine kind behind the replica (`llamacpp`, `vllm`, …). */
  engine: string;
  /** The engine's own version string as reported by the engine (never a static guess). */
  engine_version: string;
  /** Digest of the model weights when the engine exposes one. */
  model_digest?: string;
  /**
   * Version of the sampler profile that fixed every sampling parameter of this task, when one was applied;
   * part of the determinism stamp (engine, engine_version, model_digest, sampler_profile_version, seed).
   */
  sampler_profile_version?: string;
  /** How many tasks were ahead of this one in the pool queue at admission (0 = started at once; set by the orchestrator). */
  queue_position: number;
  /** The sampling seed actually used; re-submitting with it reproduces the answer on a deterministic replica. */
  seed: number;
  /** Milliseconds the task waited in the pool queue; present when it was queued. */
  queued_ms?: number;
  /** The wait predicted at admission, ms; present when it was queued. */
  predicted_start_ms?: number;
  /**
   * 1-based attempt number; greater than 1 when earlier replicas failed before the first token (set by the
   * orchestrator; 1 from an adapter).
   */
  attempt: number;
}
