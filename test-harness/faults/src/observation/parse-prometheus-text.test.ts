import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sumSamples } from './parse-prometheus-text.js';

const TEXT = `# HELP orch_tasks_failed_total Tasks that failed.
# TYPE orch_tasks_failed_total counter
orch_tasks_failed_total{pool_id="p",replica_id="a",code="idle_timeout"} 2
orch_tasks_failed_total{pool_id="p",replica_id="b",code="idle_timeout"} 1
orch_tasks_failed_total{pool_id="p",replica_id="b",code="engine_error"} 4
orch_tasks_in_flight{engine="llamacpp",pool_id="p",replica_id="a"} 0
orch_info{message="a \\"quoted\\", comma"} 1
process_start_time_seconds 1700000000
`;

describe('parsePrometheusText', () => {
  it('reads names, labels (with escapes) and values, skipping comments', () => {
    const samples = parsePrometheusText(TEXT);
    expect(samples).toHaveLength(6);
    expect(samples[0]).toEqual({
      name: 'orch_tasks_failed_total',
      labels: { pool_id: 'p', replica_id: 'a', code: 'idle_timeout' },
      value: 2,
    });
    expect(samples[4]?.labels.message).toBe('a "quoted", comma');
    expect(samples[5]).toEqual({ name: 'process_start_time_seconds', labels: {}, value: 1_700_000_000 });
  });

  it('sums the samples whose labels include the selector’s', () => {
    const samples = parsePrometheusText(TEXT);
    expect(sumSamples(samples, { name: 'orch_tasks_failed_total', labels: { code: 'idle_timeout' } })).toBe(
      3,
    );
    expect(sumSamples(samples, { name: 'orch_tasks_failed_total', labels: {} })).toBe(7);
    expect(sumSamples(samples, { name: 'orch_tasks_failed_total', labels: { code: 'none' } })).toBe(0);
  });
});
