import type { PrometheusSample } from '@orch/adapter-utils';

/**
 * What vLLM's `GET /metrics` says about its load (specs/engines/vllm.md A.8). Figures the server does not expose are absent, never
 * 0. With data parallelism (several `engine` label values) the request counts are summed over engines and the
 * KV-cache usage is the highest engine's.
 */
export interface VllmEngineMetrics {
  /** False when `/metrics` is missing (404): every figure is then absent. */
  available: boolean;
  /** `vllm:num_requests_running`: requests in the running batch. */
  num_requests_running?: number;
  /** `vllm:num_requests_waiting`: requests queued in the engine. */
  num_requests_waiting?: number;
  /**
   * KV-cache usage in 0..1: `vllm:kv_cache_usage_perc`, or the deprecated `vllm:gpu_cache_usage_perc`
   * (hidden from 0.11) on servers that only have the old name.
   */
  kv_cache_usage?: number;
  /** Which gauge `kv_cache_usage` came from. */
  kv_cache_metric?: 'vllm:kv_cache_usage_perc' | 'vllm:gpu_cache_usage_perc';
  /** `vllm:prompt_tokens_total`. */
  prompt_tokens_total?: number;
  /** `vllm:generation_tokens_total`. */
  generation_tokens_total?: number;
  /** Every sample of the scrape, for figures not named above. */
  samples: PrometheusSample[];
}
