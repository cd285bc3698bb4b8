/**
 * Readiness rule of an engine. A refused or reset connection always means "still starting"; any HTTP
 * status for which `ready` is false means "alive but still loading" (llama.cpp 503, Triton 400). The
 * supervisor knows no engine: the orchestrator hands in each engine's path and rule (its adapter module's
 * health preset); without them it probes `/health` and waits for 200.
 */
export interface EngineHealthCheck {
  /** Path probed with GET. Default `/health`. */
  path?: string;
  /** Decides from the HTTP status whether the engine is ready. Default: status 200. */
  ready?: (status: number) => boolean;
  /** Time between probes while starting, ms. Default 250. */
  intervalMs?: number;
  /** Timeout of one probe, ms. Default 2 000. */
  probeTimeoutMs?: number;
}
