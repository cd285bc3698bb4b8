import type { EngineRuntime } from '../core/engine-runtime.js';
import { type MetricFamily, renderPrometheusText } from '../core/prometheus-text.js';

/** TGI's `/metrics` as metrics-exporter-prometheus renders it: no HELP lines, histograms for durations (specs/engines/tgi.md B.6). */
export function renderTgiMetrics(runtime: EngineRuntime): string {
  const { counters, slots, stats } = runtime;
  const failures = ['validation', 'generation', 'overloaded', 'dropped'];
  const finished = [...counters.finished.values()].reduce((sum, value) => sum + value, 0);
  const families: MetricFamily[] = [
    { name: 'tgi_request_count', type: 'counter', samples: [{ value: stats.requests }] },
    { name: 'tgi_request_success', type: 'counter', samples: [{ value: finished }] },
    {
      name: 'tgi_request_failure',
      type: 'counter',
      samples: failures.map((err) => ({
        labels: { err },
        value: counters.failed.get(err === 'dropped' ? 'aborted' : err) ?? 0,
      })),
    },
    { name: 'tgi_queue_size', type: 'gauge', samples: [{ value: slots.waiting }] },
    { name: 'tgi_batch_current_size', type: 'gauge', samples: [{ value: slots.busy }] },
    {
      name: 'tgi_batch_current_max_tokens',
      type: 'gauge',
      samples: [
        { value: slots.slots.reduce((sum, slot) => sum + (slot.processing ? slot.remaining : 0), 0) },
      ],
    },
    {
      name: 'tgi_batch_max_total_tokens',
      type: 'gauge',
      samples: [{ value: runtime.contextLength * slots.slots.length }],
    },
    { name: 'tgi_request_duration', type: 'histogram', samples: counters.requestLatency.samples() },
    {
      name: 'tgi_request_mean_time_per_token_duration',
      type: 'histogram',
      samples: counters.interTokenLatency.samples(),
    },
    {
      name: 'tgi_request_generated_tokens',
      type: 'histogram',
      samples: counters.generatedTokensPerRequest.samples(),
    },
    {
      name: 'tgi_request_input_length',
      type: 'histogram',
      samples: counters.promptTokensPerRequest.samples(),
    },
  ];
  return renderPrometheusText(families);
}
