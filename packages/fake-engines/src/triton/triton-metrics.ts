import type { EngineRuntime } from '../core/engine-runtime.js';
import { type MetricFamily, renderPrometheusText } from '../core/prometheus-text.js';

/** Triton core and TRT-LLM metrics (specs/engines/triton.md C.4), served on the main port here (the real server uses 8002). */
export function renderTritonMetrics(runtime: EngineRuntime): string {
  const { counters, slots, stats } = runtime;
  const ensemble = { model: runtime.model, version: '1' };
  const trtllm = { model: 'tensorrt_llm', version: '1' };
  const finished = [...counters.finished.values()].reduce((sum, value) => sum + value, 0);
  const requestLatencyUs = Math.round((counters.requestLatency.samples().at(-2)?.value ?? 0) * 1e6);
  const requestMetric = (type: string, value: number) => ({
    labels: { ...trtllm, request_type: type },
    value,
  });
  const kvMetric = (type: string, value: number) => ({
    labels: { kv_cache_block_type: type, ...trtllm },
    value,
  });
  const families: MetricFamily[] = [
    {
      name: 'nv_inference_request_success',
      type: 'counter',
      help: 'Number of successful inference requests, all batch sizes',
      samples: [{ labels: ensemble, value: finished }],
    },
    {
      name: 'nv_inference_request_failure',
      type: 'counter',
      help: 'Number of failed inference requests, all batch sizes',
      samples: [
        { labels: { ...ensemble, reason: 'REJECTED' }, value: counters.failed.get('validation') ?? 0 },
        { labels: { ...ensemble, reason: 'CANCELED' }, value: counters.failed.get('aborted') ?? 0 },
        { labels: { ...ensemble, reason: 'BACKEND' }, value: counters.failed.get('error') ?? 0 },
        { labels: { ...ensemble, reason: 'OTHER' }, value: counters.failed.get('dropped') ?? 0 },
      ],
    },
    {
      name: 'nv_inference_count',
      type: 'counter',
      help: 'Number of inferences performed (does not include cached requests)',
      samples: [{ labels: ensemble, value: stats.generations }],
    },
    {
      name: 'nv_inference_exec_count',
      type: 'counter',
      help: 'Number of model executions performed (does not include cached requests)',
      samples: [{ labels: ensemble, value: stats.generations }],
    },
    {
      name: 'nv_inference_pending_request_count',
      type: 'gauge',
      help: 'Instantaneous number of pending requests awaiting execution per-model.',
      samples: [{ labels: ensemble, value: slots.waiting }],
    },
    {
      name: 'nv_inference_request_duration_us',
      type: 'counter',
      help: 'Cumulative inference request duration in microseconds (includes cached requests)',
      samples: [{ labels: ensemble, value: requestLatencyUs }],
    },
    {
      name: 'nv_trt_llm_request_metrics',
      type: 'gauge',
      help: 'TRT LLM request metrics',
      samples: [
        requestMetric('waiting', slots.waiting),
        requestMetric('context', 0),
        requestMetric('scheduled', slots.busy),
        requestMetric('max', slots.slots.length),
        requestMetric('active', slots.busy),
      ],
    },
    {
      name: 'nv_trt_llm_kv_cache_block_metrics',
      type: 'gauge',
      help: 'TRT LLM KV cache block metrics',
      samples: [
        kvMetric('fraction', slots.busy / slots.slots.length),
        kvMetric('tokens_per', 64),
        kvMetric('used', slots.busy * 4),
        kvMetric('free', (slots.slots.length - slots.busy) * 4),
        kvMetric('max', slots.slots.length * 4),
      ],
    },
    {
      name: 'nv_trt_llm_general_metrics',
      type: 'gauge',
      help: 'General TRT LLM metrics',
      samples: [
        { labels: { general_type: 'iteration_counter', ...trtllm }, value: counters.generationTokens },
        { labels: { general_type: 'timestamp', ...trtllm }, value: Date.now() * 1000 },
      ],
    },
    {
      name: 'nv_gpu_utilization',
      type: 'gauge',
      help: 'GPU utilization rate [0.0 - 1.0)',
      samples: [
        { labels: { gpu_uuid: 'GPU-fa1e0000-0000-0000-0000-000000000000' }, value: slots.busy > 0 ? 0.9 : 0 },
      ],
    },
  ];
  return renderPrometheusText(families, true);
}
