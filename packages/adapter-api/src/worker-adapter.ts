import type { AdapterHealth } from './adapter-health.js';
import type { AdapterProperties } from './adapter-properties.js';
import type { EngineLoad } from './engine-load.js';
import type { TaskStream } from './stream/task-stream.js';
import type { SubmitOptions } from './submit-options.js';
import type { Task } from './task.js';
import type { TokenEstimate } from './token-estimate.js';

/**
 * The contract every engine adapter implements. One adapter instance drives one engine replica.
 *
 * `submit` rules (pushed: `event` and `fail` of the sink; iterated: yielded events and rejections):
 * - a failure before the engine accepted the task is `fail` / rejects the first `next()` with a `TaskError`;
 * - once `started` has been delivered, failures become a terminal `error` event and the stream then finishes;
 * - exactly one terminal event (`end` or `error`) ends every started stream;
 * - `token.i` counts from 0 in steps of one; `token.t` never splits a UTF-8 character.
 */
export interface WorkerAdapter {
  /** Engine kind this adapter drives. */
  readonly engine: string;
  /**
   * Stream a task. See the interface notes for the ordering and error rules; the result is consumed once, either
   * pushed into a sink (`start`) or iterated.
   */
  submit(task: Task, options?: SubmitOptions): TaskStream;
  /** Cancel a running task by id; resolves once the engine request has been closed. Unknown ids are ignored. */
  cancel(taskId: string): Promise<void>;
  /** Probe the engine. Never throws: an unreachable engine is `down`. */
  health(): Promise<AdapterHealth>;
  /** Read version, model, slots and context size from the engine. Throws a `TaskError` when unreachable. */
  properties(): Promise<AdapterProperties>;
  /** Estimate the tokens a task needs (engine tokenizer where available). */
  estimateTokens(task: Task): Promise<TokenEstimate>;
  /**
   * Read the engine's own load figures (running and queued requests) from its metrics, for placement. Optional;
   * never throws: an engine without metrics gives `{}`.
   */
  readLoad?(): Promise<EngineLoad>;
  /** Release timers and connections. */
  close?(): Promise<void>;
}
