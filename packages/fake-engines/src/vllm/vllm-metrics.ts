import type { EngineRuntime } from '../core/engine-runtime.js';
import { type MetricFamily, renderPrometheusText } from '../core/prometheus-text.js';
import type { VllmFakeOptions } from './vllm-fake-options.js';

/** vLLM's `/metrics` (specs/engines/vllm.md A.8): labels `model_name` and `engine`, `_total` counters, the KV gauge (new or old name). */
export function renderVllmMetrics(runtime: EngineRuntime, options: VllmFakeOptions): string {
  const labels = { model_name: runtime.model, engine: '0' };
  const { counters, slots } = runtime;
  const kvUsage = Math.min(1, slots.busy / slots.slots.length);
  const gauge = (name: string, help: string, value: number): MetricFamily => ({
    name,
    type: 'gauge',
    help,
    samples: [{ labels, value }],
  });
  const counter = (name: string, help: string, value: number): MetricFamily => ({
    name,
    type: 'counter',
    help,
    samples: [{ suffix: '_total', labels, value }],
  });
  const families: MetricFamily[] = [
    gauge('vllm:num_requests_running', 'Number of requests in model execution batches.', slots.busy),
    gauge('vllm:num_requests_waiting', 'Number of requests waiting to be processed.', slots.waiting),
    gauge('vllm:kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.', kvUsage),
  ];
  if (options.legacyGpuCacheMetric === true) {
    families.push(
      gauge('vllm:gpu_cache_usage_perc', 'GPU KV-cache usage. 1 means 100 percent usage.', kvUsage),
    );
  }
  families.push(
    counter('vllm:prompt_tokens', 'Number of prefill tokens processed.', counters.promptTokens),
    counter('vllm:generation_tokens', 'Number of generation tokens processed.', counters.generationTokens),
    counter('vllm:num_preemptions', 'Cumulative number of preemption from the engine.', 0),
    {
      name: 'vllm:request_success',
      type: 'counter',
      help: 'Count of successfully processed requests.',
      samples: ['stop', 'length', 'abort'].map((reason) => ({
        suffix: '_total',
        labels: { ...labels, finished_reason: reason },
        value:
          reason === 'abort' ? (counters.failed.get('aborted') ?? 0) : (counters.finished.get(reason) ?? 0),
      })),
    },
    {
      name: 'vllm:time_to_first_token_seconds',
      type: 'histogram',
      help: 'Histogram of time to first token in seconds.',
      samples: counters.timeToFirstToken.samples(labels),
    },
    {
      name: 'vllm:inter_token_latency_seconds',
      type: 'histogram',
      help: 'Histogram of inter-token latency in seconds.',
      samples: counters.interTokenLatency.samples(labels),
    },
    {
      name: 'vllm:e2e_request_latency_seconds',
      type: 'histogram',
      help: 'Histogram of e2e request latency in seconds.',
      samples: counters.requestLatency.samples(labels),
    },
    {
      name: 'vllm:request_generation_tokens',
      type: 'histogram',
      help: 'Number of generation tokens processed.',
      samples: counters.generatedTokensPerRequest.samples(labels),
    },
  );
  return renderPrometheusText(families);
}
