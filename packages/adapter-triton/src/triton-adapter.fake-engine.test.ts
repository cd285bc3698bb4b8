import { checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { closeAfterEach, collect, rejection, textOf } from '@orch/adapter-utils/testing';
import { type FakeEngine, type FakeEngineOptions, startFakeEngine } from '@orch/fake-engines';
import { describe, expect, it } from 'vitest';
import { createTritonAdapter, type TritonAdapterSettings } from './index.js';

/** Polls `check` until it is true (every 25 ms, at most `limitMs`). */
async function eventually(check: () => Promise<boolean>, limitMs = 10_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

const fakes = closeAfterEach<FakeEngine>();

async function startTriton(options: FakeEngineOptions = {}, settings: Partial<TritonAdapterSettings> = {}) {
  const fake = fakes.track(await startFakeEngine('triton', { eosAfterTokens: 0, ...options }));
  const adapter = createTritonAdapter({ baseUrl: fake.url, model: 'llama', textMode: 'delta', ...settings });
  return { fake, adapter };
}

const task: Task = {
  task_id: 'fake-1',
  model: 'llama',
  prompt: 'Écris en français: 日本語 🙂',
  max_tokens: 24,
  seed: 11,
  temperature: 0.8,
  priority: 'interactive',
};

/** The same inputs without streaming, from the fake's `/generate` (one response, specs/engines/triton.md C.1). */
async function generateText(engine: FakeEngine, request: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${engine.url}/v2/models/ensemble/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...request, stream: false }),
  });
  return ((await response.json()) as { text_output: string }).text_output;
}

describe('Triton adapter against the fake Triton + TensorRT-LLM ensemble (OC-ADAPT-5060, OC-ADAPT-5070)', () => {
  it('streams exactly the text of the non-streamed /generate, multi-byte characters whole', async () => {
    const { fake, adapter } = await startTriton({ faults: { splitMultibyte: true } });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    const sent = fake.requests.find((request) => request.path.endsWith('/generate_stream'))?.body as Record<
      string,
      unknown
    >;
    expect(textOf(events)).toBe(await generateText(fake, sent));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 24 });
  });

  it('detects the seed input name of either ensemble version, so that seeds reproduce', async () => {
    for (const seedInputName of ['random_seed', 'seed'] as const) {
      const { fake, adapter } = await startTriton({ triton: { seedInputName } });
      const first = textOf(await collect(adapter.submit(task)));
      const again = textOf(await collect(adapter.submit({ ...task, task_id: 'again' })));
      const other = textOf(await collect(adapter.submit({ ...task, task_id: 'other', seed: 12 })));
      expect(again).toBe(first);
      expect(other).not.toBe(first);
      const body = fake.requests.at(-1)?.body as Record<string, unknown>;
      expect(Object.keys(body).filter((key) => key === 'seed' || key === 'random_seed')).toEqual([
        seedInputName,
      ]);
      await fake.close();
    }
  });

  it('ends an end-of-sequence stream with stop (eof) and one with is_final with stop (is_final)', async () => {
    const { adapter } = await startTriton({ eosAfterTokens: 6 });
    expect((await collect(adapter.submit(task))).at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'eof',
    });
    await fakes.current?.close();
    const { adapter: newer } = await startTriton({ eosAfterTokens: 6, triton: { isFinalOutput: true } });
    expect((await collect(newer.submit(task))).at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'is_final',
    });
  });

  it('leaves a stop word out of the text although TensorRT-LLM sends it', async () => {
    const { adapter } = await startTriton();
    const answer = textOf(await collect(adapter.submit({ ...task, temperature: 0 })));
    const stop = answer.slice(10, 14);
    const events = await collect(adapter.submit({ ...task, temperature: 0, task_id: 'stop', stop: [stop] }));
    expect(textOf(events)).toBe(answer.slice(0, answer.indexOf(stop)));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'stop_words',
    });
  });

  it('never forwards U+FFFD from per-token decoding in delta mode', async () => {
    const { adapter } = await startTriton({ triton: { replacementChars: true } });
    for (let seed = 1; seed <= 8; seed += 1) {
      const events = await collect(adapter.submit({ ...task, task_id: `s${seed}`, seed }));
      expect(textOf(events)).not.toContain('\uFFFD');
    }
  });

  it('cancel closes the request: the fake counts an aborted stream and frees its slot', async () => {
    const { fake, adapter } = await startTriton({ tokensPerSecond: 200 });
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit({ ...task, max_tokens: 400 })) {
      events.push(event);
      if (event.type === 'token' && event.i === 2) await adapter.cancel(task.task_id);
    }
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    await fake.whenIdle(2000);
    expect(fake.abortedStreams).toBe(1);
    expect(fake.activeStreams).toBe(0);
  });

  it('ends with one engine_error event when the backend fails mid-stream', async () => {
    const { fake, adapter } = await startTriton();
    await fake.setFaults({ errorAfterTokens: 3, forRequests: 1 });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    const tokens = events.filter((event) => event.type === 'token').length;
    expect(tokens).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: tokens });
  });

  it('rejects before started with the status of the first response', async () => {
    const { fake, adapter } = await startTriton();
    await fake.setFaults({ httpStatus: 500, forRequests: 1 });
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_error');
  });

  it('reports loading while the model loads (400 on /ready), then ready, and rejects tasks as unavailable meanwhile', async () => {
    const { fake, adapter } = await startTriton();
    // A window long enough for a busy machine; the wait for ready polls instead of sleeping a fixed time.
    await fake.setFaults({ loadingForMs: 1_500 });
    expect((await adapter.health()).state).toBe('loading');
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_unavailable');
    expect(await eventually(async () => (await adapter.health()).state === 'ready')).toBe(true);
  });

  it('reports triton <version> and the seed input from the server, and down when refused', async () => {
    const { fake, adapter } = await startTriton(
      { version: '2.55.0', triton: { seedInputName: 'seed' } },
      {
        trtllmVersion: '0.19.0',
      },
    );
    expect(await adapter.properties()).toMatchObject({
      engine_version: 'triton 2.55.0',
      extra: { trtllm_version: '0.19.0', seed_input: 'seed' },
    });
    await fake.setFaults({ refuse: true });
    expect((await adapter.health()).state).toBe('down');
  });

  it('reads the metrics the fake serves', async () => {
    const { fake, adapter } = await startTriton({}, {});
    const withMetrics = createTritonAdapter({ baseUrl: fake.url, model: 'llama', metricsUrl: fake.url });
    await collect(adapter.submit(task));
    const metrics = await withMetrics.readEngineMetrics();
    expect(metrics.request_success).toBe(1);
    expect(metrics.trtllm_requests.max).toBe(64);
  });
});

describe('Triton text mode from the model config (OC-ADAPT-5080, specs/engines/triton.md C.8)', () => {
  it('streams from a stock-ensemble fake Triton with no options (regression: the default failed with engine_protocol_error)', async () => {
    const fake = fakes.track(await startFakeEngine('triton', { eosAfterTokens: 0 }));
    const adapter = createTritonAdapter({ baseUrl: fake.url, model: 'llama' });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 24 });
    const sent = fake.requests.find((request) => request.path.endsWith('/generate_stream'))?.body as Record<
      string,
      unknown
    >;
    expect(textOf(events)).toBe(await generateText(fake, sent));
    expect((await adapter.properties()).extra).toMatchObject({ text_mode: 'delta', backend: 'ensemble' });
  });

  it('takes accumulated text from tensorrt_llm_bls with accumulate_tokens, and per-step text from it without', async () => {
    for (const accumulateTokens of [true, false]) {
      const fake = fakes.track(
        await startFakeEngine('triton', { eosAfterTokens: 0, triton: { accumulateTokens } }),
      );
      const adapter = createTritonAdapter({
        baseUrl: fake.url,
        model: 'llama',
        tritonModel: 'tensorrt_llm_bls',
      });
      const events = await collect(adapter.submit(task));
      expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
      const sent = fake.requests.find((request) => request.path.endsWith('/generate_stream'))?.body as Record<
        string,
        unknown
      >;
      expect(textOf(events)).toBe(await generateText(fake, sent));
      expect((await adapter.properties()).extra).toMatchObject({
        text_mode: accumulateTokens ? 'accumulated' : 'delta',
      });
      await fake.close();
    }
  });

  it('keeps textMode as an override: accumulated against the stock ensemble fails naming the setting', async () => {
    const fake = fakes.track(await startFakeEngine('triton', { eosAfterTokens: 0 }));
    const adapter = createTritonAdapter({ baseUrl: fake.url, model: 'llama', textMode: 'accumulated' });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_protocol_error' });
  });
});
