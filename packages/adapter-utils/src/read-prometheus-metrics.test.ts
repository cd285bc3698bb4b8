import { describe, expect, it } from 'vitest';
import { createEngineClient } from './engine-client.js';
import { readPrometheusMetrics } from './read-prometheus-metrics.js';
import { createFixtureServerPerTest } from './testing/create-fixture-server-per-test.js';
import { rejection } from './testing/rejection.js';

const fixtures = createFixtureServerPerTest();
const METRICS = '# TYPE queue gauge\nqueue 3\n';

describe('readPrometheusMetrics', () => {
  it('reads and parses GET /metrics', async () => {
    const { url } = await fixtures.start({ 'GET /metrics': { body: METRICS } });
    const samples = await readPrometheusMetrics(createEngineClient({ engine: 'toy', baseUrl: url }), {
      timeoutMs: 1000,
    });
    expect(samples).toEqual([expect.objectContaining({ name: 'queue', value: 3 })]);
  });

  it('gives undefined for the status by which the engine says it has no metrics', async () => {
    const { url } = await fixtures.start({ 'GET /metrics': { status: 501, body: 'metrics are off' } });
    const client = createEngineClient({ engine: 'toy', baseUrl: url });
    expect(await readPrometheusMetrics(client, { timeoutMs: 1000, unavailableStatus: 501 })).toBeUndefined();
  });

  it('rejects with a TaskError for any other failing status', async () => {
    const { url } = await fixtures.start({ 'GET /metrics': { status: 500, body: 'broken' } });
    const client = createEngineClient({ engine: 'toy', baseUrl: url });
    const error = await rejection(() =>
      readPrometheusMetrics(client, { timeoutMs: 1000, unavailableStatus: 501 }),
    );
    expect(error.context.status).toBe(500);
  });
});
