import { type EngineLogLine, formatLogTail } from './log-tail-buffer.js';

/** Why an engine failed to start. */
export type EngineStartErrorCode =
  /** The command does not exist (ENOENT), on its path or on `PATH`. */
  | 'binary_not_found'
  /** The command exists but may not be executed (EACCES, or a directory). */
  | 'binary_not_executable'
  /** The working directory does not exist. */
  | 'cwd_not_found'
  /** The launch spec itself is wrong (e.g. `{model}` without a model). */
  | 'invalid_launch_spec'
  /** The process exited before it became healthy (bad flag, missing model file, port taken…). */
  | 'exited_during_start'
  /** The process ran but never answered ready within `startTimeoutMs`; it was stopped. */
  | 'start_timeout'
  /** `stop()` was called while the engine was starting. */
  | 'stopped_during_start'
  /** The OS refused to spawn the process for another reason. */
  | 'spawn_failed';

/** Facts attached to an {@link EngineStartError}. */
export interface EngineStartErrorOptions {
  /** Exit code, when the process exited. */
  exitCode?: number | null;
  /** Signal that ended the process, when one did. */
  signal?: NodeJS.Signals | null;
  /** Last lines of the engine's output before the failure. */
  logTail?: readonly EngineLogLine[];
  /** Underlying error (spawn or filesystem). */
  cause?: unknown;
}

/**
 * A start that failed, with a message that names the cause and ends with the engine's last output lines,
 * so the operator sees e.g. "error: invalid argument: --bogus" without opening another log.
 */
export class EngineStartError extends Error {
  override readonly name = 'EngineStartError';
  /** Stable reason code. */
  readonly code: EngineStartErrorCode;
  /** Exit code of the process, when it exited. */
  readonly exitCode: number | null;
  /** Signal that ended the process, when one did. */
  readonly signal: NodeJS.Signals | null;
  /** Last output lines before the failure, oldest first. */
  readonly logTail: readonly EngineLogLine[];

  constructor(code: EngineStartErrorCode, summary: string, options: EngineStartErrorOptions = {}) {
    const tail = options.logTail ?? [];
    const message =
      tail.length > 0 ? `${summary}\n--- last engine output ---\n${formatLogTail(tail)}` : summary;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? null;
    this.signal = options.signal ?? null;
    this.logTail = tail;
  }
}

/** True when `value` is an {@link EngineStartError}. */
export function isEngineStartError(value: unknown): value is EngineStartError {
  return value instanceof EngineStartError;
}
