import type { ErrorCode } from '@orch/adapter-api';

/**
 * A fault the mock engine injects, to exercise error paths without a real engine:
 * - `fail_before_start`: `submit` rejects before `started` with `code` (default `engine_unavailable`);
 * - `fail_after`: `afterTokens` tokens, then a terminal `error` event with `code` (default `engine_error`);
 * - `stall`: `afterTokens` tokens, then silence until the task is cancelled;
 * - `ignore_abort`: `afterTokens` tokens, then silence that not even a cancel ends (a hung adapter, so that the
 *   orchestrator's abandonment of adapters that ignore aborts can be tested);
 * - `close_without_terminal`: `afterTokens` tokens, then the stream ends with no terminal event
 *   (a contract violation on purpose, so that the orchestrator's guard can be tested);
 * - `down`: health is `down` and every submit fails with `engine_unavailable`.
 */
export type MockFault =
  | { mode: 'none' }
  | { mode: 'fail_before_start'; code?: ErrorCode; message?: string }
  | { mode: 'fail_after'; afterTokens: number; code?: ErrorCode; message?: string }
  | { mode: 'stall'; afterTokens: number }
  | { mode: 'ignore_abort'; afterTokens: number }
  | { mode: 'close_without_terminal'; afterTokens: number }
  | { mode: 'down' };

/** What the mock engine generates for one task. */
export interface MockGenerationRequest {
  /** Seed of the text generator. */
  seed: number;
  /** Text that also seeds the generator, so different prompts give different answers. */
  promptText: string;
  /** Token budget. */
  maxTokens: number;
  /** Stop strings. */
  stop: string[];
}
