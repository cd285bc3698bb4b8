import { checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { closeAfterEach, collect, rejection, textOf, tokensOf } from '@orch/adapter-utils/testing';
import { type FakeEngine, type FakeEngineOptions, startFakeEngine } from '@orch/fake-engines';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createVllmAdapter, type VllmAdapterSettings } from './index.js';

// Tests against the fake vLLM server of @orch/fake-engines, which reproduces vLLM's wire behaviour and can
// inject its faults (in-stream errors, dropped connections, empty-text chunks, split characters, …).

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const API_KEY = 'fake-vllm-key-0123456789';

const engines = closeAfterEach<FakeEngine>();

async function startEngine(options: FakeEngineOptions = {}): Promise<FakeEngine> {
  return engines.track(await startFakeEngine('vllm', { model: MODEL, ...options }));
}

function adapterFor(fake: FakeEngine, overrides: Partial<VllmAdapterSettings> = {}) {
  return createVllmAdapter({ baseUrl: fake.url, model: MODEL, ...overrides });
}

const baseTask: Task = {
  task_id: 'fake',
  model: MODEL,
  prompt: 'Once upon a time',
  max_tokens: 32,
  seed: 5,
  temperature: 1,
  priority: 'interactive',
};

/** True when the text holds a character outside ASCII (a multi-byte character in UTF-8). */
const hasNonAscii = (text: string) =>
  Array.from(text).some((character) => (character.codePointAt(0) ?? 0) > 0x7f);

const completionAnswerSchema = z.object({
  choices: z.array(
    z.object({ text: z.string().optional(), message: z.object({ content: z.string() }).optional() }),
  ),
});

/** The same request the adapter sends, answered without streaming. */
async function answerWithoutStreaming(fake: FakeEngine, task: Task): Promise<string> {
  const chat = task.prompt === undefined;
  const response = await fetch(`${fake.url}${chat ? '/v1/chat/completions' : '/v1/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: MODEL,
      ...(chat ? { messages: task.messages } : { prompt: task.prompt }),
      max_tokens: task.max_tokens,
      seed: task.seed,
      temperature: task.temperature,
    }),
    signal: AbortSignal.timeout(5000),
  });
  const choice = completionAnswerSchema.parse(await response.json()).choices[0];
  return choice?.text ?? choice?.message?.content ?? '';
}

describe('vLLM adapter against the fake vLLM server (OC-ADAPT-5020, OC-ADAPT-6011)', () => {
  it('streams text equal to the non-streamed answer, for prompts and chat turns', async () => {
    const fake = await startEngine({ eosAfterTokens: 0 });
    const adapter = adapterFor(fake);
    const { prompt: _prompt, ...withoutPrompt } = baseTask;
    const chatTask: Task = {
      ...withoutPrompt,
      task_id: 'chat',
      messages: [{ role: 'user', content: 'Hi there' }],
    };
    for (const task of [baseTask, chatTask]) {
      const events = await collect(adapter.submit(task));
      expect(checkEventSequence(events)).toEqual([]);
      expect(textOf(events)).toBe(await answerWithoutStreaming(fake, task));
      expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 32 });
    }
  });

  it('keeps text identical with empty-text chunks and characters split across writes', async () => {
    const fake = await startEngine({
      faults: { emptyTextEvents: true, splitMultibyte: true },
      eosAfterTokens: 0,
    });
    const adapter = adapterFor(fake);
    let sawMultiByte = false;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const task = { ...baseTask, task_id: `split-${seed}`, seed };
      const events = await collect(adapter.submit(task));
      const text = textOf(events);
      expect(tokensOf(events).every((token) => token.length > 0 && !token.includes('\uFFFD'))).toBe(true);
      expect(text).toBe(await answerWithoutStreaming(fake, task));
      sawMultiByte ||= hasNonAscii(text);
    }
    expect(sawMultiByte).toBe(true);
  });

  it('gives the same tokens for the same seed and other text for another seed', async () => {
    const fake = await startEngine({ eosAfterTokens: 0 });
    const adapter = adapterFor(fake);
    const first = await collect(adapter.submit({ ...baseTask, task_id: 'a', seed: 11 }));
    const again = await collect(adapter.submit({ ...baseTask, task_id: 'b', seed: 11 }));
    const other = await collect(adapter.submit({ ...baseTask, task_id: 'c', seed: 12 }));
    expect(tokensOf(again)).toEqual(tokensOf(first));
    expect(textOf(other)).not.toBe(textOf(first));
    expect(
      fake.requests
        .filter((request) => request.path === '/v1/completions')
        .map((r) => (r.body as { seed: number }).seed),
    ).toEqual([11, 11, 12]);
  });

  it('counts prompt tokens with /tokenize exactly as the completion does (tokens_in)', async () => {
    const fake = await startEngine();
    const adapter = adapterFor(fake);
    const task = { ...baseTask, prompt: 'Grüße aus Zürich 日本語', max_tokens: 4 };
    const estimate = await adapter.estimateTokens(task);
    const events = await collect(adapter.submit(task));
    expect(estimate.method).toBe('tokenizer');
    expect(events.at(-1)).toMatchObject({ type: 'end', tokens_in: estimate.prompt_tokens });
  });

  it('cancel(taskId) mid-stream closes the request and vLLM stops running it', async () => {
    const fake = await startEngine({ tokensPerSecond: 200, eosAfterTokens: 0 });
    const adapter = adapterFor(fake);
    const events: StreamEvent[] = [];
    let runningDuringStream: number | undefined;
    for await (const event of adapter.submit({ ...baseTask, task_id: 'cancel-me', max_tokens: 400 })) {
      events.push(event);
      if (event.type === 'token' && event.i === 2) {
        runningDuringStream = (await adapter.readEngineMetrics()).num_requests_running;
        await adapter.cancel('cancel-me');
      }
    }
    expect(runningDuringStream).toBe(1);
    expect(tokensOf(events)).toHaveLength(3);
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    await fake.whenIdle(2000);
    expect(fake.abortedStreams).toBe(1);
    expect((await adapter.readEngineMetrics()).num_requests_running).toBe(0);
  });

  it('turns the engine error event (then [DONE]) into one error event with tokens_delivered', async () => {
    const fake = await startEngine({ faults: { errorAfterTokens: 3 }, eosAfterTokens: 0 });
    const events = await collect(adapterFor(fake).submit(baseTask));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'engine_error',
      retriable: true,
      tokens_delivered: 3,
    });
  });

  it('ends with stream_truncated when the engine drops the connection mid-stream', async () => {
    const fake = await startEngine({
      faults: { dropAfterTokens: 4 },
      eosAfterTokens: 0,
      tokensPerSecond: 500,
    });
    const events = await collect(adapterFor(fake).submit(baseTask));
    expect(checkEventSequence(events)).toEqual([]);
    // Bytes written just before the reset can be lost with it: what counts is that the stream says how many
    // tokens it delivered, and that the drop is a retriable truncation, not a normal end.
    const delivered = tokensOf(events).length;
    expect(delivered).toBeLessThanOrEqual(4);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'stream_truncated',
      retriable: true,
      tokens_delivered: delivered,
    });
  });

  it('maps statuses before streaming to the taxonomy, in both error body styles', async () => {
    for (const errorBodyStyle of ['nested', 'flat'] as const) {
      const fake = await startEngine({ vllm: { errorBodyStyle } });
      const adapter = adapterFor(fake);
      await fake.setFaults({ httpStatus: 503 });
      expect((await rejection(() => collect(adapter.submit(baseTask)))).code).toBe('engine_unavailable');
      await fake.setFaults({ httpStatus: 429 });
      expect((await rejection(() => collect(adapter.submit(baseTask)))).code).toBe('engine_overloaded');
      await fake.setFaults({});
      const unknown = await rejection(() => collect(adapterFor(fake, { model: 'nope' }).submit(baseTask)));
      expect(unknown).toMatchObject({ code: 'engine_rejected', retriable: false });
      expect(unknown.message).toBe('vllm answered HTTP 404: The model `nope` does not exist.');
      const tooLong = await rejection(() => collect(adapter.submit({ ...baseTask, max_tokens: 100_000 })));
      expect(tooLong.code).toBe('context_length_exceeded');
      await fake.close();
    }
  });

  it('sends the API key the server requires, and fails without it as engine_rejected (401)', async () => {
    const fake = await startEngine({ apiKey: API_KEY });
    const events = await collect(
      adapterFor(fake, { apiKey: API_KEY }).submit({ ...baseTask, max_tokens: 2 }),
    );
    expect(events.at(-1)?.type).toBe('end');
    const error = await rejection(() => collect(adapterFor(fake).submit(baseTask)));
    expect(error).toMatchObject({ code: 'engine_rejected', context: { status: 401 } });
  });

  it('reports health: ready, unhealthy when the engine is dead (503), down when refused', async () => {
    const fake = await startEngine();
    const adapter = adapterFor(fake);
    expect((await adapter.health()).state).toBe('ready');
    await fake.setFaults({ unhealthy: true });
    expect((await adapter.health()).state).toBe('unhealthy');
    await fake.setFaults({ refuse: true });
    expect((await adapter.health()).state).toBe('down');
    await fake.setFaults({});
    expect((await adapter.health()).state).toBe('ready');
  });

  it('reads the real version and context size (OC-ADAPT-5030)', async () => {
    const fake = await startEngine({ version: '0.10.2', contextLength: 8192 });
    const adapter = adapterFor(fake);
    expect(await adapter.properties()).toMatchObject({
      engine: 'vllm',
      engine_version: '0.10.2',
      model: MODEL,
      context_size: 8192,
    });
    const events = await collect(adapter.submit({ ...baseTask, max_tokens: 2 }));
    expect(events[0]).toMatchObject({ type: 'started', engine_version: '0.10.2' });
  });

  it('prefers kv_cache_usage_perc when the server also exposes the deprecated gauge', async () => {
    const fake = await startEngine({ vllm: { legacyGpuCacheMetric: true } });
    const metrics = await adapterFor(fake).readEngineMetrics();
    expect(metrics.kv_cache_metric).toBe('vllm:kv_cache_usage_perc');
    expect(metrics.samples.some((sample) => sample.name === 'vllm:gpu_cache_usage_perc')).toBe(true);
  });
});
