/** Where an error happened, for logs and diagnosis. Never holds secrets: `body` is redacted and truncated. */
export interface ErrorContext {
  /** Engine kind, e.g. `llamacpp`. */
  engine?: string;
  /** Replica id or engine base URL (without credentials). */
  replica?: string;
  /** HTTP status the engine answered with, when there was one. */
  status?: number;
  /** The engine's error type or code, as the engine wrote it. */
  engine_code?: string;
  /** A redacted excerpt of the engine's response body. */
  body?: string;
}
