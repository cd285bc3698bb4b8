import { describe, expect, it } from 'vitest';
import { findSampleValue, parsePrometheusText } from './parse-prometheus-text.js';

const LLAMACPP = `# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
# TYPE llamacpp:prompt_tokens_total counter
llamacpp:prompt_tokens_total 42
# HELP llamacpp:requests_processing Number of requests processing.
# TYPE llamacpp:requests_processing gauge
llamacpp:requests_processing 1
llamacpp:requests_deferred 0
`;

const VLLM = `vllm:num_requests_running{engine="0",model_name="m \\"q\\""} 3.0
vllm:e2e_request_latency_seconds_bucket{le="+Inf",model_name="m"} 7 1712345678000
vllm:gpu_cache_usage_perc{model_name="m"} NaN
not a metric line
`;

describe('parsePrometheusText', () => {
  it('reads label-less llama.cpp samples and skips comments', () => {
    const samples = parsePrometheusText(LLAMACPP);
    expect(samples).toEqual([
      { name: 'llamacpp:prompt_tokens_total', labels: {}, value: 42 },
      { name: 'llamacpp:requests_processing', labels: {}, value: 1 },
      { name: 'llamacpp:requests_deferred', labels: {}, value: 0 },
    ]);
  });

  it('reads labels with escapes, special values and timestamps, skipping bad lines', () => {
    const samples = parsePrometheusText(VLLM);
    expect(samples).toHaveLength(3);
    expect(samples[0]).toEqual({
      name: 'vllm:num_requests_running',
      labels: { engine: '0', model_name: 'm "q"' },
      value: 3,
    });
    expect(samples[1]?.labels.le).toBe('+Inf');
    expect(samples[1]?.value).toBe(7);
    expect(Number.isNaN(samples[2]?.value)).toBe(true);
  });

  it('finds a value by name and labels', () => {
    const samples = parsePrometheusText(VLLM);
    expect(findSampleValue(samples, 'vllm:num_requests_running', { model_name: 'm "q"' })).toBe(3);
    expect(findSampleValue(samples, 'vllm:num_requests_running', { model_name: 'other' })).toBeUndefined();
    expect(findSampleValue(samples, 'missing')).toBeUndefined();
  });
});
