import { REDACTED, redactSecrets } from '@orch/adapter-api';
import { createStdoutWriter } from './create-stdout-writer.js';

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Fields attached to a log line; a `task_id` field is what ties a line to a task. */
export type LogFields = Record<string, unknown>;

/** A structured logger: one JSON object per line. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ task_id }`). */
  child(fields: LogFields): Logger;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to stdout. */
  write?: (line: string) => void;
  /** Secret values to scrub from every line, in addition to the generic patterns. */
  secrets?: readonly string[];
}

/** What a logger and all its children share. */
interface LogSink {
  threshold: number;
  write: (line: string) => void;
  /** The JSON.stringify replacer that redacts every value before it is serialised. */
  redact: (key: string, value: unknown) => unknown;
}

/**
 * A logger is one small object (its sink and its fields); the methods live on the prototype. A child logger
 * is made per task, so closures per logger would be retained once per open stream.
 */
class JsonLinesLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly base: LogFields,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.emit('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.emit('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.emit('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.emit('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLinesLogger(this.sink, { ...this.base, ...fields });
  }

  private emit(level: LogLevel, message: string, fields?: LogFields): void {
    if (SEVERITY[level] < this.sink.threshold) return;
    const record = { time: new Date().toISOString(), level, msg: message, ...this.base, ...fields };
    this.sink.write(`${JSON.stringify(record, this.sink.redact)}\n`);
  }
}

/** Creates a JSON-lines logger. Messages and string fields are scrubbed of secrets before they are written. */
export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  const sink: LogSink = {
    threshold: SEVERITY[options.level ?? 'info'],
    write: options.write ?? createStdoutWriter(),
    redact: createRedactingReplacer(options.secrets ?? []),
  };
  return new JsonLinesLogger(sink, base);
}

/** Field names whose values are secrets whatever they look like (`api_key`, `authorization`, `password` …). */
const SECRET_FIELD =
  /^(?:authorization|proxy[_-]?authorization|x[_-]api[_-]key|api[_-]?key|access[_-]?token|secret|password|cookie|set[_-]cookie)$/i;

/**
 * Redaction runs on each value before it is serialised (ORCH-LOG-010): the patterns see the text as it is, and
 * JSON escaping comes after, so a line stays one valid JSON object whatever quotes or backslashes sit next to a
 * secret. Errors become `{name, message}` (their message redacted too).
 */
function createRedactingReplacer(secrets: readonly string[]): (key: string, value: unknown) => unknown {
  return (key, value) => {
    if (typeof value === 'string')
      return SECRET_FIELD.test(key) && value.length > 0 ? REDACTED : redactSecrets(value, secrets);
    if (value instanceof Error) return { name: value.name, message: redactSecrets(value.message, secrets) };
    if (SECRET_FIELD.test(key) && (typeof value === 'number' || typeof value === 'boolean')) return REDACTED;
    return value;
  };
}
