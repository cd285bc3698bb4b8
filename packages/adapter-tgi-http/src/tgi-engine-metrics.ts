import type { PrometheusSample } from '@orch/adapter-utils';

/**
 * What `GET /metrics` says about the router's load (specs/engines/tgi.md B.6). Figures are absent when this build does not emit
 * them, never 0.
 */
export interface TgiEngineMetrics {
  /** `tgi_queue_size`: requests waiting to be batched. */
  queue_size?: number;
  /** `tgi_batch_current_size`: requests in the running batch. */
  batch_current_size?: number;
  /** `tgi_batch_current_max_tokens`: tokens the running batch may still use. */
  batch_current_max_tokens?: number;
  /** `tgi_batch_max_total_tokens`: the batch token budget. */
  batch_max_total_tokens?: number;
  /** `tgi_request_count`. */
  request_count?: number;
  /** `tgi_request_success`. */
  request_success?: number;
  /** `tgi_request_failure`, by its `err` label (`validation`, `generation`, `overloaded`, `dropped`…). */
  request_failure: Record<string, number>;
  /** Every sample of the scrape, for figures not named above. */
  samples: PrometheusSample[];
}
