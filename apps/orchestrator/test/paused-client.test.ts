import { readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from './test-app.js';

let engines: FakeEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  engines = [];
});

const IDLE_MS = 250;

/** Reads one chunk, stops reading for `stallMs` (backpressure pauses the engine read), then reads to the end. */
async function readWithStall(response: Response, stallMs: number): Promise<StreamEvent[]> {
  const body = response.body as ReadableStream<Uint8Array>;
  const [first, rest] = body.tee();
  const firstReader = first.getReader();
  await firstReader.read();
  await new Promise((resolve) => setTimeout(resolve, stallMs));
  void firstReader.cancel();
  const events: StreamEvent[] = [];
  for await (const event of readTaskStream(rest)) events.push(event);
  return events;
}

describe("a client that stops reading is not the replica's fault (ORCH-RES-003, ORCH-RES-021)", () => {
  it('twelve streams whose client pauses longer than idle_ms all end well and leave both breakers closed (regression: they opened them)', async () => {
    engines = await Promise.all(
      [0, 1].map(() => startFakeEngine('vllm', { model: 'pause', tokensPerSecond: 100, eosAfterTokens: 0 })),
    );
    const { app, deps, logLines } = await createTestApp([
      {
        id: 'p',
        model: 'p',
        engine: 'vllm',
        timeouts: { idle_ms: IDLE_MS },
        // Any counted failure opens the breaker at once: the test would see a single wrong blame.
        breaker: { volume_threshold: 1, error_threshold_percentage: 1, reset_timeout_ms: 600_000 },
        replicas: engines.map((engine, index) => ({
          id: `f${index}`,
          url: engine.url,
          max_concurrency: 6,
          options: { served_model: 'pause' },
        })),
      },
    ]);
    const streams = await Promise.all(
      Array.from({ length: 12 }, () =>
        app.request('/v1/tasks', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'p', prompt: 'x', max_tokens: 40 }),
        }),
      ),
    );
    const results = await Promise.all(streams.map((response) => readWithStall(response, IDLE_MS * 4)));
    for (const events of results) {
      expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
      expect(events.filter((event) => event.type === 'token').length).toBeGreaterThan(0);
    }
    for (const replica of deps.pools[0]?.replicas ?? []) expect(replica.breaker.state).toBe('closed');
    expect(logLines.join('\n')).not.toMatch(/idle_timeout/);
    const metrics = await (await app.request('/metrics')).text();
    // Every known series exists at 0 from start-up (ORCH-MET-014): what matters is that none moved.
    const idleSeries = metrics.split('\n').filter((line) => line.includes('code="idle_timeout"'));
    expect(idleSeries.length).toBeGreaterThan(0);
    expect(idleSeries.filter((line) => !/ 0$/.test(line))).toEqual([]);
  }, 20_000);
});
