/** Structured log sink adapters write to; the orchestrator provides one that adds task and replica ids. */
export interface AdapterLogger {
  /** Something the operator should know about but that did not fail the task (e.g. a dropped field). */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Diagnostics. */
  debug(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that discards everything. */
export const silentLogger: AdapterLogger = {
  warn: () => {},
  debug: () => {},
};
