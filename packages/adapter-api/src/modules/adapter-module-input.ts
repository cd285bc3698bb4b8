import type { AdapterLogger } from '../adapter-logger.js';

/** What {@link AdapterModule.create} gets to build the adapter of one replica. */
export interface AdapterModuleInput<Options> {
  /**
   * Base URL of the engine (scheme, host, port): the replica's `url`, or the address of its launched
   * process. Absent only for engines whose module has `requiresUrl: false`.
   */
  baseUrl: string | undefined;
  /** The pool's `model`: the name clients ask for (an engine may serve it under another name). */
  model: string;
  /** The API key read from the replica's `api_key_env`, sent as the engine expects; never logged. */
  apiKey: string | undefined;
  /** The pool's `timeouts.ttft_ms`: longest wait for the response headers and the first token, ms. */
  ttftTimeoutMs: number;
  /** The pool's `timeouts.idle_ms`: longest silence between two events of a running stream, ms. */
  idleTimeoutMs: number;
  /** The replica's `options`, already validated by the module's `optionsSchema`. */
  options: Options;
  /** Log sink tagged with the pool and replica ids. */
  logger: AdapterLogger;
}
