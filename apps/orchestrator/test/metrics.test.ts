import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DocumentedMetric, lintMetricsText } from '../src/metrics/lint-metrics-text.js';
import { startHealthChecks } from '../src/pools/start-health-checks.js';
import { createTestApp, mockPool, readEvents } from './test-app.js';

/** The metrics table of specs/metrics.md: the documentation is the lint's source of truth. */
function readDocumentedMetrics(): DocumentedMetric[] {
  const markdown = readFileSync(new URL('../../../specs/metrics.md', import.meta.url), 'utf8');
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| orch_'))
    .map((line) => {
      const [name, type, labels] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim());
      return {
        name: name as string,
        type: type as DocumentedMetric['type'],
        labels: (labels as string).split(',').map((label) => label.trim()),
      };
    });
}

async function scrapeAfterTraffic() {
  const test = await createTestApp([
    mockPool('m', [{}]),
    mockPool('f', [{ fault: { mode: 'fail_after', after_tokens: 1 } }]),
  ]);
  const stop = await startHealthChecks(test.deps.pools, 60_000, test.deps.metrics, test.deps.logger);
  stop();
  await readEvents(await test.post({ model: 'm', prompt: 'x', max_tokens: 5, priority: 'batch' }));
  await readEvents(await test.post({ model: 'f', prompt: 'x', max_tokens: 5 }));
  await test.post({ model: 'nope', prompt: 'x' });
  const response = await test.app.request('/metrics');
  return { response, text: await response.text() };
}

describe('GET /metrics (ORCH-MET-001, ORCH-MET-002)', () => {
  it('serves the Prometheus text format', async () => {
    const { response } = await scrapeAfterTraffic();
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('passes the lint: every family documented, typed and labelled as specs/metrics.md says', async () => {
    const documented = readDocumentedMetrics();
    expect(documented.length).toBeGreaterThanOrEqual(11);
    const { text } = await scrapeAfterTraffic();
    expect(lintMetricsText(text, documented)).toEqual([]);
  });

  it('counts what happened: started, finished by reason, failed by code, rejected, tokens', async () => {
    const { text } = await scrapeAfterTraffic();
    const labels = 'engine="mock",engine_version="0.1.0",pool_id="m",replica_id="m-0",priority="batch"';
    expect(text).toContain(`orch_tasks_started_total{${labels}} 1`);
    expect(text).toContain(`orch_tasks_finished_total{${labels},finish_reason="length"} 1`);
    expect(text).toContain(`orch_tokens_out_total{${labels}} 5`);
    expect(text).toMatch(/orch_tasks_failed_total\{[^}]*pool_id="f"[^}]*code="engine_error"\} 1/);
    expect(text).toContain('orch_tasks_rejected_total{pool_id="",code="unknown_model"} 1');
    expect(text).toMatch(new RegExp(`orch_time_to_first_token_seconds_count\\{${labels}\\} 1`));
    expect(text).toContain(
      'orch_replica_ready{engine="mock",engine_version="0.1.0",pool_id="m",replica_id="m-0"} 1',
    );
  });
});

describe('lintMetricsText', () => {
  it('catches an undocumented family, a missing label and a counter without _total', () => {
    const text = [
      '# HELP orch_x_total x',
      '# TYPE orch_x_total counter',
      'orch_x_total{pool_id="a"} 1',
      '# HELP orch_bad bad',
      '# TYPE orch_bad counter',
      'orch_bad 1',
    ].join('\n');
    const problems = lintMetricsText(text, [
      { name: 'orch_x_total', type: 'counter', labels: ['pool_id', 'replica_id'] },
      { name: 'orch_bad', type: 'counter', labels: [] },
    ]);
    expect(problems).toContain('orch_x_total has labels {pool_id}, documented {pool_id,replica_id}');
    expect(problems).toContain('counter orch_bad does not end in _total');
  });
});
