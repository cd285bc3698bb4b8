import type { EngineRuntime } from '../core/engine-runtime.js';
import { type MetricFamily, renderPrometheusText } from '../core/prometheus-text.js';

/** llama-server's `/metrics`: `llamacpp:` names, HELP and TYPE lines, no labels (specs/engines/llamacpp.md D.6). */
export function renderLlamaCppMetrics(runtime: EngineRuntime): string {
  const { counters, slots } = runtime;
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number): MetricFamily => ({
    name: `llamacpp:${name}`,
    type,
    help,
    samples: [{ value }],
  });
  const promptRate = counters.promptSeconds > 0 ? counters.promptTokens / counters.promptSeconds : 0;
  const predictedRate =
    counters.generationSeconds > 0 ? counters.generationTokens / counters.generationSeconds : 0;
  return renderPrometheusText([
    metric('prompt_tokens_total', 'counter', 'Number of prompt tokens processed.', counters.promptTokens),
    metric('prompt_seconds_total', 'counter', 'Prompt process time', counters.promptSeconds),
    metric(
      'tokens_predicted_total',
      'counter',
      'Number of generation tokens processed.',
      counters.generationTokens,
    ),
    metric('tokens_predicted_seconds_total', 'counter', 'Predict process time', counters.generationSeconds),
    metric('n_decode_total', 'counter', 'Total number of llama_decode() calls', counters.generationTokens),
    metric('n_tokens_max', 'counter', 'Largest observed n_tokens.', runtime.contextLength),
    metric('prompt_tokens_seconds', 'gauge', 'Average prompt throughput in tokens/s.', promptRate),
    metric('predicted_tokens_seconds', 'gauge', 'Average generation throughput in tokens/s.', predictedRate),
    metric('requests_processing', 'gauge', 'Number of requests processing.', slots.busy),
    metric('requests_deferred', 'gauge', 'Number of requests deferred.', slots.waiting),
    metric(
      'n_busy_slots_per_decode',
      'gauge',
      'Average number of busy slots per llama_decode() call',
      slots.busy,
    ),
  ]);
}
