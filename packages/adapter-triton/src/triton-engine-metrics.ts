import type { PrometheusSample } from '@orch/adapter-utils';

/**
 * What Triton's metrics endpoint (port 8002 by default, specs/engines/triton.md C.4) says about the model's load. Figures are
 * absent when the build does not emit them, never 0.
 */
export interface TritonEngineMetrics {
  /** False when the adapter has no `metricsUrl`: every figure is then absent. */
  available: boolean;
  /** `nv_inference_pending_request_count` of the model: requests waiting for execution. */
  pending_request_count?: number;
  /** `nv_inference_request_success` of the model. */
  request_success?: number;
  /** `nv_inference_request_failure` of the model, by `reason` (`REJECTED`, `CANCELED`, `BACKEND`, `OTHER`). */
  request_failure: Record<string, number>;
  /** `nv_trt_llm_request_metrics` by `request_type` (`waiting`, `context`, `scheduled`, `max`, `active`). */
  trtllm_requests: Record<string, number>;
  /** `nv_trt_llm_kv_cache_block_metrics` by `kv_cache_block_type` (`fraction`, `used`, `free`, `max`…). */
  kv_cache_blocks: Record<string, number>;
  /** Every sample of the scrape, for figures not named above. */
  samples: PrometheusSample[];
}
