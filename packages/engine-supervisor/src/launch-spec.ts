import type { EngineHealthCheck } from './engine-health-check.js';

/**
 * How to run one engine replica as a child process. `args` are passed through verbatim, after the
 * placeholders `{port}`, `{host}` and `{model}` are replaced (in `env` values too).
 */
export interface LaunchSpec {
  /** Executable to run: an absolute or relative path, or a bare name looked up on `PATH`. */
  command: string;
  /** Engine flags, passed through as given after placeholder substitution. */
  args?: readonly string[];
  /** Extra environment variables for this process only (added to the orchestrator's own environment). */
  env?: Readonly<Record<string, string>>;
  /** When false, the process sees only `env` (plus `PATH`), not the orchestrator's environment. Default true. */
  inheritEnv?: boolean;
  /** Working directory of the process. Default: the orchestrator's. */
  cwd?: string;
  /** Address the engine binds, substituted for `{host}`. Default `127.0.0.1`. */
  host?: string;
  /**
   * Fixed port, substituted for `{port}`. When omitted (or 0) the supervisor picks a free port on
   * 127.0.0.1 before each cold start; with a fixed port a healthy server already there is reused.
   */
  port?: number;
  /** Model path or id, substituted for `{model}`. */
  model?: string;
  /** How readiness is decided. */
  health: EngineHealthCheck;
  /** Longest time from spawn to a ready health answer, ms. Default 120 000. */
  startTimeoutMs?: number;
  /** Time between SIGTERM to the process group and SIGKILL, ms. Default 10 000. */
  stopTimeoutMs?: number;
  /**
   * With a fixed `port`: if a healthy server already answers there, use it instead of starting a second
   * copy (and never kill it). Default true.
   */
  reuseExisting?: boolean;
  /**
   * Run the engine under a tiny shell watchdog that kills its process group when the orchestrator dies,
   * even by SIGKILL. Default true; turn off only where `/bin/sh` is missing.
   */
  watchdog?: boolean;
  /** Number of output lines kept for `logTail()` and error messages. Default 100. */
  logTailLines?: number;
}
