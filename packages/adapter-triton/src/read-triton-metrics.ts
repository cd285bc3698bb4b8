import { type EngineClient, findSampleValue, readPrometheusMetrics } from '@orch/adapter-utils';
import type { TritonEngineMetrics } from './triton-engine-metrics.js';

function byLabel(
  samples: TritonEngineMetrics['samples'],
  name: string,
  label: string,
  model?: string,
): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const sample of samples) {
    const key = sample.labels[label];
    if (sample.name !== name || key === undefined) continue;
    if (model !== undefined && sample.labels.model !== undefined && sample.labels.model !== model) continue;
    figures[key] = sample.value;
  }
  return figures;
}

/**
 * Reads Triton's Prometheus metrics (specs/engines/triton.md C.4) through `client`, bound to the metrics URL. Core figures are taken
 * for `tritonModel`; the TensorRT-LLM gauges are labelled with the `tensorrt_llm` model and read as they come.
 */
export async function readTritonMetrics(
  client: EngineClient,
  tritonModel: string,
  timeoutMs: number,
): Promise<TritonEngineMetrics> {
  // No status means "no metrics" here: any failure rejects (and `readLoad` gives `{}`).
  const samples = (await readPrometheusMetrics(client, { timeoutMs })) ?? [];
  const forModel = { model: tritonModel };
  const metrics: TritonEngineMetrics = {
    available: true,
    request_failure: byLabel(samples, 'nv_inference_request_failure', 'reason', tritonModel),
    trtllm_requests: byLabel(samples, 'nv_trt_llm_request_metrics', 'request_type'),
    kv_cache_blocks: byLabel(samples, 'nv_trt_llm_kv_cache_block_metrics', 'kv_cache_block_type'),
    samples,
  };
  const pending = findSampleValue(samples, 'nv_inference_pending_request_count', forModel);
  if (pending !== undefined) metrics.pending_request_count = pending;
  const success = findSampleValue(samples, 'nv_inference_request_success', forModel);
  if (success !== undefined) metrics.request_success = success;
  return metrics;
}
