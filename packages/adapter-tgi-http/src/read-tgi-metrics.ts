import { type EngineClient, findSampleValue, readPrometheusMetrics } from '@orch/adapter-utils';
import type { TgiEngineMetrics } from './tgi-engine-metrics.js';

const NAMED_FIGURES = {
  queue_size: 'tgi_queue_size',
  batch_current_size: 'tgi_batch_current_size',
  batch_current_max_tokens: 'tgi_batch_current_max_tokens',
  batch_max_total_tokens: 'tgi_batch_max_total_tokens',
  request_count: 'tgi_request_count',
  request_success: 'tgi_request_success',
} as const;

/** Reads `GET /metrics` on the router's own port (specs/engines/tgi.md B.6: the separate Prometheus port may never listen). */
export async function readTgiMetrics(client: EngineClient, timeoutMs: number): Promise<TgiEngineMetrics> {
  // No status means "no metrics" here: any failure rejects (and `readLoad` gives `{}`).
  const samples = (await readPrometheusMetrics(client, { timeoutMs })) ?? [];
  const metrics: TgiEngineMetrics = { request_failure: {}, samples };
  for (const [figure, name] of Object.entries(NAMED_FIGURES) as [keyof typeof NAMED_FIGURES, string][]) {
    const value = findSampleValue(samples, name);
    if (value !== undefined) metrics[figure] = value;
  }
  for (const sample of samples) {
    const err = sample.labels.err;
    if (sample.name === 'tgi_request_failure' && err !== undefined)
      metrics.request_failure[err] = sample.value;
  }
  return metrics;
}
