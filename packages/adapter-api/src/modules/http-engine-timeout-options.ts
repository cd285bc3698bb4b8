/** The timeouts of its own calls that an HTTP engine's replica `options` may set (snake_case, as in the config). */
export interface HttpEngineTimeoutOptions {
  /** Timeout of the engine's metadata calls (properties, tokenizer, metrics), ms; default: the adapter's. */
  request_timeout_ms?: number | undefined;
  /** Timeout of each health probe, ms; default: the adapter's. */
  health_timeout_ms?: number | undefined;
}
