import type { ChatMessage } from './chat-message.js';
import type { ResponseFormat } from './response-format.js';
import type { TaskDeterminism } from './task-determinism.js';
import type { TaskPriority } from './task-priority.js';

/**
 * A generation task as an adapter receives it: already validated and normalised by the orchestrator.
 * Exactly one of `prompt` and `messages` is set.
 */
export interface Task {
  /** Unique id of the task; echoed in `started` and in every log line about the task. */
  task_id: string;
  /** The model name the client asked for (the pool's `model`). */
  model: string;
  /** Raw prompt text, sent to the engine's completion endpoint without a chat template. */
  prompt?: string;
  /** Chat turns; the engine (or the orchestrator) applies the model's chat template. */
  messages?: ChatMessage[];
  /** Upper bound on generated tokens; generation that reaches it ends with `finish_reason: "length"`. */
  max_tokens: number;
  /** Sampling temperature; 0 means greedy decoding on every engine. */
  temperature?: number;
  /** Nucleus sampling mass in (0, 1]. */
  top_p?: number;
  /** Top-k sampling; 0 disables it where the engine allows. */
  top_k?: number;
  /** Min-p sampling threshold in [0, 1]. */
  min_p?: number;
  /** Sampling seed (unsigned 32-bit range). The seed actually used is reported in `started`. */
  seed?: number;
  /** Strings that end generation when produced; the matched string is not part of the output. */
  stop?: string[];
  /**
   * Structured output: the engine constrains generation to JSON (any object, or one that satisfies a JSON
   * Schema). Adapters whose replica cannot do it refuse the task with `capability_unsupported` before streaming.
   */
  response_format?: ResponseFormat;
  /** Admission priority. */
  priority: TaskPriority;
  /** Absolute budget for the whole task in milliseconds from admission, all attempts included. */
  deadline_ms?: number;
  /**
   * Reproducibility the orchestrator must guarantee; absent means `best_effort`. Consumed by the orchestrator
   * (replica choice and failover): adapters need not read it.
   */
  determinism?: TaskDeterminism;
}
