import type { HealthKind } from './health-kind.js';

/**
 * Readiness rule of an engine. A refused or reset connection always means "still starting"; any HTTP
 * status for which `ready` is false means "alive but still loading" (llama.cpp 503, Triton 400).
 */
export interface EngineHealthCheck {
  /** Engine preset: gives the default `path` and `ready` rule (see `HEALTH_KINDS`). Default `http-200`. */
  kind?: HealthKind;
  /** Path probed with GET; overrides the preset's path. */
  path?: string;
  /** Decides from the HTTP status whether the engine is ready; overrides the preset's rule. */
  ready?: (status: number) => boolean;
  /** Time between probes while starting, ms. Default 250. */
  intervalMs?: number;
  /** Timeout of one probe, ms. Default 2 000. */
  probeTimeoutMs?: number;
}
