import type { ErrorEvent } from '../events/error-event.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import type { ErrorContext } from './error-context.js';

/** Options of {@link TaskError} beyond its code and message. */
export interface TaskErrorOptions {
  /** Overrides the code's default retriability. */
  retriable?: boolean;
  /** Milliseconds the caller should wait before retrying. */
  retryAfterMs?: number;
  /** Engine context for logs. */
  context?: ErrorContext;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error type adapters and the orchestrator throw. Before a stream starts it is thrown (or rejected);
 * once the stream has started it is turned into an `error` event with {@link TaskError.toEvent}.
 */
export class TaskError extends Error {
  override readonly name = 'TaskError';
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, options: TaskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? ERROR_CODES[code].retriable;
    this.retryAfterMs = options.retryAfterMs;
    this.context = options.context ?? {};
  }

  /** The HTTP status for answering this error before streaming. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  /** The terminal `error` event for this error. */
  toEvent(tokensDelivered?: number): ErrorEvent {
    const event: ErrorEvent = {
      type: 'error',
      code: this.code,
      message: this.message,
      retriable: this.retriable,
    };
    if (this.retryAfterMs !== undefined) event.retry_after_ms = this.retryAfterMs;
    if (tokensDelivered !== undefined) event.tokens_delivered = tokensDelivered;
    return event;
  }
}

/** True for a {@link TaskError}, also across package copies (checks the shape, not the prototype). */
export function isTaskError(value: unknown): value is TaskError {
  return (
    value instanceof TaskError || (value instanceof Error && value.name === 'TaskError' && 'code' in value)
  );
}
