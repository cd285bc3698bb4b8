import { afterEach, describe, expect, it } from 'vitest';
import type { FakeEngine } from './fake-engine.js';
import { startFakeEngine } from './start-fake-engine.js';
import { postJson, readSse } from './testing/http-test-helpers.js';

let engine: FakeEngine | null = null;

afterEach(async () => {
  await engine?.close();
  engine = null;
});

describe('startFakeEngine', () => {
  it('listens on an ephemeral 127.0.0.1 port and exposes url, port and model', async () => {
    engine = await startFakeEngine('vllm', { model: 'my-model' });
    expect(engine.port).toBeGreaterThan(0);
    expect(engine.url).toBe(`http://127.0.0.1:${engine.port}`);
    expect(engine.model).toBe('my-model');
  });

  it('logs requests with parsed bodies and redacted credentials', async () => {
    engine = await startFakeEngine('llamacpp');
    await postJson(
      engine.url,
      '/completion?x=1',
      { prompt: 'hi', n_predict: 1 },
      { headers: { authorization: 'Bearer abc123' } },
    );
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]).toMatchObject({
      method: 'POST',
      path: '/completion?x=1',
      body: { prompt: 'hi', n_predict: 1 },
      headers: { authorization: '[REDACTED]', 'content-type': 'application/json' },
    });
    engine.clearRequests();
    expect(engine.requests).toHaveLength(0);
  });

  it('closes open streams at once on close()', async () => {
    engine = await startFakeEngine('tgi', { tokensPerSecond: 20 });
    const response = await postJson(engine.url, '/generate_stream', {
      inputs: 'x',
      parameters: { max_new_tokens: 500 },
    });
    const reading = readSse(response);
    await engine.close();
    await expect(reading).rejects.toThrow();
    engine = null;
  });

  it('changes faults at run time and reports the standing ones', async () => {
    engine = await startFakeEngine('ollama', { faults: { tokensPerSecond: 50 } });
    expect(engine.faults()).toEqual({ tokensPerSecond: 50 });
    await engine.setFaults({ httpStatus: 500 });
    expect(engine.faults()).toEqual({ httpStatus: 500 });
    await expect(engine.setFaults({ bogus: 1 } as never)).rejects.toThrow(/bogus/);
  });

  it('queues requests beyond the slot count and serves them in turn', async () => {
    engine = await startFakeEngine('llamacpp', { slots: 1, tokensPerSecond: 200 });
    const url = engine.url;
    const first = postJson(url, '/completion', { prompt: 'a', n_predict: 10 });
    const second = postJson(url, '/completion', { prompt: 'b', n_predict: 10 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('llamacpp:requests_deferred 1');
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });
});

describe('control routes', () => {
  it('set faults, read stats and requests over HTTP for out-of-process fakes', async () => {
    engine = await startFakeEngine('vllm');
    const put = await fetch(`${engine.url}/__fake/faults`, {
      method: 'PUT',
      body: JSON.stringify({ httpStatus: 429, forRequests: 1 }),
    });
    expect(put.status).toBe(200);
    expect((await postJson(engine.url, '/v1/completions', { prompt: 'x' })).status).toBe(429);
    expect((await postJson(engine.url, '/v1/completions', { prompt: 'x', max_tokens: 2 })).status).toBe(200);
    const stats = (await (await fetch(`${engine.url}/__fake/stats`)).json()) as Record<string, number>;
    expect(stats).toMatchObject({ requests: 2, injectedErrors: 1, completedGenerations: 1 });
    const requests = (await (await fetch(`${engine.url}/__fake/requests`)).json()) as unknown[];
    expect(requests).toHaveLength(2);
    const bad = await fetch(`${engine.url}/__fake/faults`, {
      method: 'PUT',
      body: JSON.stringify({ nope: true }),
    });
    expect(bad.status).toBe(400);
  });
});
