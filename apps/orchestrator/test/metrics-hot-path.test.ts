import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool, readEvents } from './test-app.js';

type Updatable = Record<string, unknown>;

/** Wraps every update method of every metric of the app, so that updates can be counted. */
function instrument(metrics: Record<string, unknown>): { count: () => number } {
  let updates = 0;
  for (const metric of Object.values(metrics)) {
    if (typeof metric !== 'object' || metric === null) continue;
    for (const method of ['inc', 'dec', 'set', 'observe']) {
      const target = metric as Updatable;
      const original = target[method];
      if (typeof original !== 'function') continue;
      target[method] = (...args: unknown[]) => {
        updates += 1;
        return (original as (...inner: unknown[]) => unknown).apply(metric, args);
      };
    }
  }
  return { count: () => updates };
}

describe('metrics on the hot path (ORCH-MET-003)', () => {
  it('updates the same number of metrics for a 4-token and a 200-token task: nothing per token', async () => {
    const { post, deps } = await createTestApp([mockPool('m', [{ natural_length: 10_000 }])]);
    const updates = instrument(deps.metrics as unknown as Record<string, unknown>);
    const task = async (maxTokens: number) => {
      const before = updates.count();
      const events = await readEvents(
        await post({ model: 'm', prompt: 'x', max_tokens: maxTokens, seed: 1 }),
      );
      expect(events.filter((event) => event.type === 'token')).toHaveLength(maxTokens);
      return updates.count() - before;
    };
    await task(2);
    const short = await task(4);
    const long = await task(200);
    expect(short).toBeGreaterThan(0);
    expect(long).toBe(short);
  });

  it('observes the inter-token histogram once per token through the series the task resolved, not prom-client', async () => {
    const { post, deps, app } = await createTestApp([mockPool('m', [{ natural_length: 10_000 }])]);
    const labels = {
      engine: 'mock',
      engine_version: '0.1.0',
      pool_id: 'm',
      replica_id: 'm-0',
      priority: 'interactive',
    };
    const series = deps.metrics.interTokenLatency.series(labels);
    const observe = series.observe.bind(series);
    let observed = 0;
    series.observe = (seconds: number) => {
      observed += 1;
      observe(seconds);
    };
    const updates = instrument(deps.metrics as unknown as Record<string, unknown>);
    await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 200, seed: 1 }));
    expect(observed).toBe(199);
    // The same task's other metric updates do not grow with its tokens (see above): a handful, not hundreds.
    expect(updates.count()).toBeLessThan(20);
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain(
      'orch_inter_token_latency_seconds_count{engine="mock",engine_version="0.1.0",pool_id="m",replica_id="m-0",priority="interactive"} 199',
    );
  });
});
