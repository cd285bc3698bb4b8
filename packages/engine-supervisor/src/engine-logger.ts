/**
 * Where an engine process writes its output lines and lifecycle messages. The orchestrator's `Logger`
 * fits as is. Output lines arrive as `info('engine output', { stream, line })`.
 */
export interface EngineLogger {
  /** Engine output lines and lifecycle milestones (started, ready, stopped). */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Failures: crashes, failed starts, SIGKILL after the stop timeout. */
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that discards everything. */
export const silentEngineLogger: EngineLogger = { info: () => {}, warn: () => {} };
