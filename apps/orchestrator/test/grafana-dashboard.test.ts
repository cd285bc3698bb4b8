import { describe, expect, it } from 'vitest';
import { collectExpressions, readDashboard } from './dashboard-queries.js';
import { findPromqlMetricNames } from './promql-metric-names.js';
import { createTestApp, mockPool, readEvents } from './test-app.js';

/** The sample names a scrape can hold: each declared family, and a histogram's `_bucket`, `_sum`, `_count`. */
function scrapedNames(scrape: string): Set<string> {
  const names = new Set<string>();
  for (const line of scrape.split('\n')) {
    const match = /^# TYPE (\S+) (\S+)/.exec(line);
    if (match === null) continue;
    const [, name, type] = match as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram' || type === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    }
  }
  return names;
}

describe('the Grafana dashboard (ORCH-MET-016)', () => {
  it('names in every PromQL query only metrics that a live scrape exposes', async () => {
    const dashboard = readDashboard();
    const test = await createTestApp([mockPool('m', [{}])]);
    await readEvents(await test.post({ model: 'm', prompt: 'x', max_tokens: 3 }));
    const exposed = scrapedNames(await (await test.app.request('/metrics')).text());
    const expressions = collectExpressions(dashboard);
    expect(expressions.length).toBeGreaterThanOrEqual(30);
    const unknown = expressions.flatMap(({ where, expr }) =>
      findPromqlMetricNames(expr)
        .filter((name) => !exposed.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
    // Every query names at least one metric (the parser did not lose one).
    for (const { where, expr } of expressions) expect(findPromqlMetricNames(expr), where).not.toEqual([]);
  });

  it('covers what an operator looks at first', () => {
    const dashboard = readDashboard();
    const all = collectExpressions(dashboard)
      .map(({ expr }) => expr)
      .join('\n');
    for (const metric of [
      'orch_replica_ready',
      'orch_replica_breaker_state',
      'orch_queue_depth',
      'orch_queue_wait_seconds_bucket',
      'orch_time_to_first_token_seconds_bucket',
      'orch_inter_token_latency_seconds_bucket',
      'orch_task_overhead_seconds_bucket',
      'orch_tokens_out_total',
      'orch_tasks_failed_total',
      'orch_tasks_rejected_total',
      'orch_engine_restarts_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(all).toContain(metric);
    }
  });
});

describe('findPromqlMetricNames', () => {
  it('finds metric names and skips functions, groupings, matchers, ranges, keywords and variables', () => {
    expect(
      findPromqlMetricNames(
        'histogram_quantile(0.95, sum by (le, pool_id) (rate(orch_x_bucket{pool_id=~"$pool",a="b{c}"}[$__rate_interval])))',
      ),
    ).toEqual(['orch_x_bucket']);
    expect(findPromqlMetricNames('count(orch_b == 2) or vector(0)')).toEqual(['orch_b']);
    expect(findPromqlMetricNames('sum(rate(a_total[5m])) / on (job) group_left b_info')).toEqual([
      'a_total',
      'b_info',
    ]);
  });

  it('would catch a query naming a metric that does not exist', () => {
    const exposed = new Set(['orch_tasks_started_total']);
    const names = findPromqlMetricNames('sum(rate(orch_tasks_started_totl[5m]))');
    expect(names.filter((name) => !exposed.has(name))).toEqual(['orch_tasks_started_totl']);
  });
});
