/** Engine presets for health checks: each fixes a probe path and a readiness rule. */
export type HealthKind = 'llamacpp' | 'vllm' | 'tgi' | 'triton' | 'http-200';

/** Probe path and readiness rule of one preset. */
export interface HealthKindRule {
  /** Path probed with GET. */
  path: string;
  /** True when the HTTP status means "ready to serve". */
  ready: (status: number) => boolean;
  /** What the engine answers while it loads, for docs and error messages. */
  whileLoading: string;
}

const isOk = (status: number) => status === 200;

/** Health presets, one per engine (specs/engines/cross-engine.md E.11 "Health while loading"). */
export const HEALTH_KINDS: Readonly<Record<HealthKind, HealthKindRule>> = {
  // specs/engines/llamacpp.md D.4: every route answers 503 "Loading model" until the model is loaded.
  llamacpp: { path: '/health', ready: isOk, whileLoading: '503 Loading model' },
  // specs/engines/vllm.md A.7 / specs/engines/cross-engine.md E.11: the HTTP server starts after the engine is built, so the port refuses until then.
  vllm: { path: '/health', ready: isOk, whileLoading: 'connection refused' },
  // B (launcher main.rs): the web server starts only after the shards are up.
  tgi: { path: '/health', ready: isOk, whileLoading: 'connection refused' },
  // specs/engines/triton.md C.3: /v2/health/ready answers 400 (not 503) until every model is ready.
  triton: { path: '/v2/health/ready', ready: isOk, whileLoading: '400 not ready' },
  'http-200': { path: '/health', ready: isOk, whileLoading: 'anything but 200' },
};

/** All preset names, in table order. */
export const ALL_HEALTH_KINDS = Object.keys(HEALTH_KINDS) as HealthKind[];
