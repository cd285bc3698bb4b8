import type { EngineLogLine } from './log-tail-buffer.js';

/**
 * Lifecycle state of an engine process:
 * - `stopped`: not running (never started, or stopped on purpose);
 * - `starting`: spawned (or being spawned) and polled until its health check says ready;
 * - `ready`: healthy and serving (also when an already-running server was reused);
 * - `stopping`: SIGTERM sent to its process group, waiting for it to exit (SIGKILL after the stop timeout);
 * - `crashed`: not running because of a failure: an unexpected exit, or a start that failed. `reason` says
 *   which; a supervisor may restart it.
 */
export type EngineStatus = 'stopped' | 'starting' | 'ready' | 'stopping' | 'crashed';

/** Payload of the `status` event. */
export interface EngineStatusChange {
  /** The new status. */
  status: EngineStatus;
  /** The status before. */
  previous: EngineStatus;
  /** Why, in words (e.g. "exited unexpectedly with code 139"); undefined for ordinary transitions. */
  reason: string | undefined;
}

/** Payload of the `exit` event: the engine process ended. */
export interface EngineExit {
  /** Pid of the process that exited. */
  pid: number;
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  /** Signal that ended it, or null. */
  signal: NodeJS.Signals | null;
  /** True when the exit was asked for (`stop()`, or a failed start being cleaned up). */
  expected: boolean;
  /** Status the engine had when it exited. */
  during: EngineStatus;
}

/** Payload of the `ready` event: a start succeeded. */
export interface EngineReady {
  /** From `start()` to the first ready health answer, ms (the start-duration histogram). */
  durationMs: number;
  /** True when an already-running server was reused instead of started. */
  reused: boolean;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Pid of the engine; undefined when reused. */
  pid: number | undefined;
}

/** Events of an engine process. */
export interface EngineEvents {
  status: [change: EngineStatusChange];
  exit: [exit: EngineExit];
  ready: [ready: EngineReady];
  /** One line of the engine's output, secrets already redacted (as kept in its log tail). */
  output: [line: EngineLogLine];
}

/** Describes an exit for reasons and messages: "code 1" or "signal SIGKILL". */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`;
}
