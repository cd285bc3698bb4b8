import { describe, expect, it } from 'vitest';
import { TrafficSeries } from './traffic-series.js';

describe('TrafficSeries (ORCH-UI-030)', () => {
  it('closes a point with the counts of its second and starts the next one from zero', () => {
    const series = new TrafficSeries(10);
    series.addTokens(30);
    series.addTokens(12);
    series.taskEnded(false);
    series.taskEnded(true);
    for (const ms of [40, 10, 30, 20]) series.firstToken(ms);
    expect(series.close(1_000)).toEqual({
      at: 1_000,
      tokens_per_s: 42,
      tasks_per_s: 2,
      error_rate: 0.5,
      ttft_ms_p50: 20,
      ttft_ms_p95: 40,
    });
    expect(series.close(2_000)).toEqual({ at: 2_000, tokens_per_s: 0, tasks_per_s: 0, error_rate: 0 });
  });

  it('keeps the last `capacity` points, oldest first', () => {
    const series = new TrafficSeries(3);
    for (let at = 1; at <= 5; at++) series.close(at);
    expect(series.history().map((point) => point.at)).toEqual([3, 4, 5]);
  });
});
