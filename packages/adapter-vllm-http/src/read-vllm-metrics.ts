import { type EngineClient, type PrometheusSample, readPrometheusMetrics } from '@orch/adapter-utils';
import type { VllmEngineMetrics } from './vllm-engine-metrics.js';

function valuesOf(samples: readonly PrometheusSample[], name: string): number[] {
  return samples
    .filter((sample) => sample.name === name && Number.isFinite(sample.value))
    .map((s) => s.value);
}

function sumOf(samples: readonly PrometheusSample[], name: string): number | undefined {
  const values = valuesOf(samples, name);
  return values.length === 0 ? undefined : values.reduce((total, value) => total + value, 0);
}

function maxOf(samples: readonly PrometheusSample[], name: string): number | undefined {
  const values = valuesOf(samples, name);
  return values.length === 0 ? undefined : Math.max(...values);
}

/**
 * Reads `GET /metrics` (specs/engines/vllm.md A.8): running and waiting requests, the KV-cache usage (`kv_cache_usage_perc` first,
 * `gpu_cache_usage_perc` as the fallback for older servers, specs/engines/cross-engine.md E.12) and the token counters. A server without
 * the endpoint (404) gives `{available: false}`.
 */
export async function readVllmMetrics(client: EngineClient, timeoutMs: number): Promise<VllmEngineMetrics> {
  const samples = await readPrometheusMetrics(client, { timeoutMs, unavailableStatus: 404 });
  if (samples === undefined) return { available: false, samples: [] };
  const metrics: VllmEngineMetrics = { available: true, samples };
  const running = sumOf(samples, 'vllm:num_requests_running');
  if (running !== undefined) metrics.num_requests_running = running;
  const waiting = sumOf(samples, 'vllm:num_requests_waiting');
  if (waiting !== undefined) metrics.num_requests_waiting = waiting;
  for (const name of ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'] as const) {
    const usage = maxOf(samples, name);
    if (usage !== undefined) {
      metrics.kv_cache_usage = usage;
      metrics.kv_cache_metric = name;
      break;
    }
  }
  const promptTokens = sumOf(samples, 'vllm:prompt_tokens_total');
  if (promptTokens !== undefined) metrics.prompt_tokens_total = promptTokens;
  const generationTokens = sumOf(samples, 'vllm:generation_tokens_total');
  if (generationTokens !== undefined) metrics.generation_tokens_total = generationTokens;
  return metrics;
}
