import type { AdapterLogger } from '@orch/adapter-api';

/** One call an adapter made on its logger. */
export interface RecordedLogLine {
  /** The logger method called. */
  level: 'warn' | 'debug';
  /** The message. */
  message: string;
  /** The structured fields, when the call passed any. */
  fields?: Record<string, unknown>;
}

/** An AdapterLogger that keeps every call in `logs`, so tests can check what was logged (and that no secret was). */
export function createRecordingLogger(): { logger: AdapterLogger; logs: RecordedLogLine[] } {
  const logs: RecordedLogLine[] = [];
  const logger: AdapterLogger = {
    warn: (message, fields) => logs.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    debug: (message, fields) => logs.push({ level: 'debug', message, ...(fields ? { fields } : {}) }),
  };
  return { logger, logs };
}
