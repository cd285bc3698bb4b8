import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastHistogram } from './fast-histogram.js';

describe('FastHistogram (ORCH-MET-003)', () => {
  it('exposes cumulative buckets, +Inf, sum and count per label set in the registry scrape', async () => {
    const registry = new Registry();
    const histogram = new FastHistogram({
      name: 'orch_test_seconds',
      help: 'A test.',
      labelNames: ['pool_id'],
      buckets: [0.01, 0.1],
      registers: [registry],
    });
    const series = histogram.series({ pool_id: 'a' });
    expect(histogram.series({ pool_id: 'a' })).toBe(series);
    for (const value of [0.005, 0.01, 0.05, 3]) series.observe(value);
    histogram.zero({ pool_id: 'b' });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE orch_test_seconds histogram');
    expect(text).toContain('orch_test_seconds_bucket{le="0.01",pool_id="a"} 2');
    expect(text).toContain('orch_test_seconds_bucket{le="0.1",pool_id="a"} 3');
    expect(text).toContain('orch_test_seconds_bucket{le="+Inf",pool_id="a"} 4');
    expect(text).toContain('orch_test_seconds_sum{pool_id="a"} 3.065');
    expect(text).toContain('orch_test_seconds_count{pool_id="a"} 4');
    expect(text).toContain('orch_test_seconds_count{pool_id="b"} 0');
  });
});
