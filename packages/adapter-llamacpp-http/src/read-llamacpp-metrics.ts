import { type EngineClient, findSampleValue, readPrometheusMetrics } from '@orch/adapter-utils';
import type { LlamaCppEngineMetrics } from './llamacpp-engine-metrics.js';

const NAMED_FIGURES = [
  'requests_processing',
  'requests_deferred',
  'prompt_tokens_total',
  'tokens_predicted_total',
  'n_decode_total',
  'n_busy_slots_per_decode',
  'prompt_tokens_seconds',
  'predicted_tokens_seconds',
  'kv_cache_usage_ratio',
] as const;

/** Reads `GET /metrics` (specs/engines/llamacpp.md D.6); a server without `--metrics` (501) gives `{available: false}`. */
export async function readLlamaCppMetrics(
  client: EngineClient,
  timeoutMs: number,
): Promise<LlamaCppEngineMetrics> {
  const samples = await readPrometheusMetrics(client, { timeoutMs, unavailableStatus: 501 });
  if (samples === undefined) return { available: false, samples: [] };
  const metrics: LlamaCppEngineMetrics = { available: true, samples };
  for (const figure of NAMED_FIGURES) {
    const value = findSampleValue(samples, `llamacpp:${figure}`);
    if (value !== undefined) metrics[figure] = value;
  }
  return metrics;
}
