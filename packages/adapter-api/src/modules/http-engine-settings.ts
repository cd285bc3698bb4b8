import type { AdapterLogger } from '../adapter-logger.js';

/**
 * The settings every HTTP engine adapter takes from its module input, whatever the engine: where the engine
 * is, the key, the silence budget, the timeouts of its own calls and the log sink. Each module adds its
 * engine's own settings (and how the pool's `ttft_ms` maps onto its timeouts) beside them.
 */
export interface HttpEngineSettings {
  /** Base URL of the engine (scheme, host, port). */
  baseUrl: string;
  /** The pool's `model`. */
  model: string;
  /** The API key read from the replica's `api_key_env`; never logged. */
  apiKey: string | undefined;
  /** The pool's `timeouts.idle_ms`: longest silence between two events of a running stream, ms. */
  idleTimeoutMs: number;
  /** The replica's `request_timeout_ms`; undefined: the adapter's default. */
  requestTimeoutMs: number | undefined;
  /** The replica's `health_timeout_ms`; undefined: the adapter's default. */
  healthTimeoutMs: number | undefined;
  /** Log sink tagged with the pool and replica ids. */
  logger: AdapterLogger;
}
