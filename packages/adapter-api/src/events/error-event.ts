import type { ErrorCode } from '../errors/error-codes.js';

/** Failing terminal event: the stream ends here; tokens already delivered stay valid. */
export interface ErrorEvent {
  type: 'error';
  /** Stable code from the error taxonomy (see `ERROR_CODES`). */
  code: ErrorCode;
  /** Human-readable description, engine message included (redacted of secrets). */
  message: string;
  /** Whether submitting the same task again may succeed. */
  retriable: boolean;
  /** Milliseconds to wait before retrying, when known (e.g. from the engine's Retry-After). */
  retry_after_ms?: number;
  /** Token events delivered before the failure; present when the failure happened mid-stream. */
  tokens_delivered?: number;
}
