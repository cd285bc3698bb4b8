import type { PrometheusSample } from '@orch/adapter-utils';

/**
 * What `GET /metrics` says about the engine's load (specs/engines/llamacpp.md D.6). The gauges and counters are absent when this build
 * does not emit them (e.g. `kv_cache_*`, removed upstream), never 0.
 */
export interface LlamaCppEngineMetrics {
  /** False when the server runs without `--metrics` (the endpoint answers 501); every figure is then absent. */
  available: boolean;
  /** `llamacpp:requests_processing`: requests being decoded now. */
  requests_processing?: number;
  /** `llamacpp:requests_deferred`: requests waiting for a free slot. */
  requests_deferred?: number;
  /** `llamacpp:prompt_tokens_total`. */
  prompt_tokens_total?: number;
  /** `llamacpp:tokens_predicted_total`. */
  tokens_predicted_total?: number;
  /** `llamacpp:n_decode_total`. */
  n_decode_total?: number;
  /** `llamacpp:n_busy_slots_per_decode`. */
  n_busy_slots_per_decode?: number;
  /** `llamacpp:prompt_tokens_seconds`: average prompt throughput. */
  prompt_tokens_seconds?: number;
  /** `llamacpp:predicted_tokens_seconds`: average generation throughput. */
  predicted_tokens_seconds?: number;
  /** `llamacpp:kv_cache_usage_ratio`, only on builds that still emit it. */
  kv_cache_usage_ratio?: number;
  /** Every sample of the scrape, for figures not named above. */
  samples: PrometheusSample[];
}
