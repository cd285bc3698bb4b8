import { checkEventSequence, deriveSeed, type StreamEvent, type Task } from '@orch/adapter-api';
import {
  collect,
  createFixtureServerPerTest,
  createRecordingLogger,
  findRefusedUrl,
  rejection,
  splitIntoByteChunks,
  textOf,
} from '@orch/adapter-utils/testing';
import { describe, expect, it } from 'vitest';
import { createLlamaCppAdapter, type LlamaCppAdapterSettings } from './index.js';
import {
  createLlamaCppRoutes,
  jsonFixtureReply,
  LLAMACPP_SSE_HEADERS,
  readLlamaCppFixture,
  readStreamFixtureText,
  streamFixtureReply,
} from './llamacpp-fixtures.js';

const API_KEY = 'llama-secret-key-0123456789';
const task: Task = {
  task_id: 'task-1',
  model: 'tiny',
  prompt: 'Hello',
  max_tokens: 12,
  seed: 7,
  temperature: 0.9,
  priority: 'interactive',
};

const fixture = createFixtureServerPerTest(() => createLlamaCppRoutes());
const startEngine = fixture.start;

function createAdapter(baseUrl: string, overrides: Partial<LlamaCppAdapterSettings> = {}) {
  const { logger, logs } = createRecordingLogger();
  const adapter = createLlamaCppAdapter({ baseUrl, model: 'tiny', apiKey: API_KEY, logger, ...overrides });
  return { adapter, logs };
}

const completionRequests = () => fixture.requestsTo('/completion');
const sentCompletion = (index = 0) =>
  (completionRequests()[index]?.json ?? {}) as { prompt?: string; seed?: number };

describe('llama.cpp adapter streaming (fixture replay, OC-ADAPT-5001)', () => {
  it('streams a recorded completion as started, tokens and a length end', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      task_id: 'task-1',
      engine: 'llamacpp',
      engine_version: 'b11669-Debian',
      model: 'tiny',
      seed: 7,
    });
    expect(textOf(events)).toBe(readStreamFixtureText('completion-stream-limit.sse'));
    expect(textOf(events)).toBe(' that engin mos toè enginä日pofap');
    const end = events.at(-1);
    expect(end).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'limit',
      tokens_in: 2,
      tokens_out: 12,
      decode_ms: 1.288,
    });
    expect(end?.type === 'end' ? end.ttft_ms : undefined).toBeGreaterThanOrEqual(0);
  });

  it('sends the mapped /completion request, every sampler profile field included, with the API key as Bearer (ORCH-DET-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit({ ...task, top_k: 20, top_p: 0.9, min_p: 0.1, stop: ['\n\n'] }));
    const [request] = completionRequests();
    expect(request?.json).toEqual({
      prompt: 'Hello',
      n_predict: 12,
      seed: 7,
      stream: true,
      cache_prompt: false,
      temperature: 0.9,
      top_k: 20,
      top_p: 0.9,
      min_p: 0.1,
      typical_p: 1,
      repeat_penalty: 1,
      repeat_last_n: 0,
      presence_penalty: 0,
      frequency_penalty: 0,
      mirostat: 0,
      dynatemp_range: 0,
      xtc_probability: 0,
      dry_multiplier: 0,
      top_n_sigma: -1,
      samplers: ['temperature', 'top_k', 'top_p', 'min_p'],
      stop: ['\n\n'],
    });
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('sends a json_schema for structured output (ORCH-API-022)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    await collect(adapter.submit({ ...task, response_format: { type: 'json_schema', schema } }));
    await collect(adapter.submit({ ...task, response_format: { type: 'json_object' } }));
    expect(
      completionRequests().map((request) => (request.json as { json_schema?: unknown }).json_schema),
    ).toEqual([schema, { type: 'object' }]);
  });

  it('derives the seed from the task id when the task has none, and reports it in started', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const { seed: _seed, ...unseeded } = task;
    const events = await collect(adapter.submit(unseeded));
    const sentSeed = sentCompletion().seed;
    expect(sentSeed).toBe(deriveSeed('task-1'));
    expect(events[0]).toMatchObject({ type: 'started', seed: sentSeed });
  });

  it('reads the engine version from /props once and caches it (OC-ADAPT-5011)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit(task));
    await collect(adapter.submit({ ...task, task_id: 'task-2' }));
    expect(fixture.requestsTo('/props')).toHaveLength(1);
  });

  it('ends a stop-string stream with stop/word and gives empty content events no token', async () => {
    const { url } = await startEngine({
      'POST /completion': streamFixtureReply('completion-stream-word.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, stop: [' to'] }));
    expect(
      events.filter((event) => event.type === 'token').map((event) => event.type === 'token' && event.t),
    ).toEqual([' that', ' engin', ' mos']);
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'word',
      tokens_out: 4,
    });
  });

  it('ends an end-of-sequence stream with stop/eos', async () => {
    const { url } = await startEngine({
      'POST /completion': streamFixtureReply('completion-stream-eos.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, seed: 37, max_tokens: 400 }));
    expect(textOf(events)).toBe(readStreamFixtureText('completion-stream-eos.sse'));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'eos',
      tokens_out: 43,
    });
  });

  it('keeps UTF-8 characters whole when the recorded bytes arrive split across chunks', async () => {
    const body = readLlamaCppFixture('completion-stream-limit.sse');
    const { url } = await startEngine({
      'POST /completion': { headers: LLAMACPP_SSE_HEADERS, chunks: splitIntoByteChunks(body, 5) },
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(textOf(events)).toBe(' that engin mos toè enginä日pofap');
    expect(checkEventSequence(events)).toEqual([]);
  });

  it('stays alive on keep-alive comments during a pause longer than the idle timeout', async () => {
    const [first, ...rest] = readLlamaCppFixture('completion-stream-limit.sse').split(/(?<=\n\n)/);
    const pause = Array.from({ length: 4 }, () => [{ delayMs: 60 }, ':\n\n']).flat();
    const { url } = await startEngine({
      'POST /completion': { headers: LLAMACPP_SSE_HEADERS, chunks: [first ?? '', ...pause, ...rest] },
    });
    const { adapter } = createAdapter(url, { idleTimeoutMs: 150 });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    expect(textOf(events)).toBe(' that engin mos toè enginä日pofap');
  });

  it('fails a stalled stream with idle_timeout and closes the request', async () => {
    const [first, second] = readLlamaCppFixture('completion-stream-limit.sse').split(/(?<=\n\n)/);
    const { url } = await startEngine({
      'POST /completion': {
        headers: LLAMACPP_SSE_HEADERS,
        chunks: [first ?? '', second ?? '', { stall: true }],
      },
    });
    const { adapter } = createAdapter(url, { idleTimeoutMs: 150 });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'idle_timeout', tokens_delivered: 2 });
    await fixture.current?.waitFor(() => completionRequests()[0]?.closedByClient === true);
  });

  it("turns a mid-stream error event into an error event with the engine's message", async () => {
    const { url } = await startEngine({
      'POST /completion': streamFixtureReply('completion-stream-error.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(' that engin mos to');
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'engine_error',
      message:
        'llamacpp sent an error event mid-stream (status 500): Could not decode the batch: llama_decode returned -3 (KV cache full)',
      retriable: true,
      tokens_delivered: 4,
    });
  });

  it('ends a stream cut before its stop:true event with stream_truncated', async () => {
    const { url } = await startEngine({
      'POST /completion': streamFixtureReply('completion-stream-truncated.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', tokens_delivered: 6 });
  });

  it('emits metrics events with the engine token count every metricsEvery tokens', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { metricsEvery: 4 });
    const events = await collect(adapter.submit(task));
    expect(events.filter((event) => event.type === 'metrics')).toEqual([
      { type: 'metrics', tokens_out: 4, tokens_in: 2 },
      { type: 'metrics', tokens_out: 8, tokens_in: 2 },
      { type: 'metrics', tokens_out: 12, tokens_in: 2 },
    ]);
  });
});

describe('llama.cpp adapter failures before streaming', () => {
  it('rejects with a retriable engine_unavailable while the model loads (503)', async () => {
    const { url } = await startEngine({ 'POST /completion': jsonFixtureReply('http-503-loading.json', 503) });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_unavailable');
    expect(error.retriable).toBe(true);
    expect(error.message).toBe('llamacpp answered HTTP 503: Loading model');
    expect(error.context).toMatchObject({
      engine: 'llamacpp',
      replica: url,
      status: 503,
      engine_code: 'unavailable_error',
    });
  });

  it('rejects an over-long prompt with context_length_exceeded (exceed_context_size_error)', async () => {
    const { url } = await startEngine({
      'POST /completion': jsonFixtureReply('http-400-exceed-context-size.json', 400),
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('context_length_exceeded');
    expect(error.message).toContain('request (702 tokens) exceeds the available context size (512 tokens)');
    expect(error.context.engine_code).toBe('exceed_context_size_error');
    expect(error.context.body).toContain('"n_ctx":512');
  });

  it('rejects an invalid request with engine_rejected', async () => {
    const { url } = await startEngine({
      'POST /completion': jsonFixtureReply('http-400-invalid-request.json', 400),
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_rejected');
    expect(error.retriable).toBe(false);
  });

  it('rejects with engine_unavailable when the connection is refused', async () => {
    const { adapter } = createAdapter(await findRefusedUrl());
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_unavailable');
  });

  it('rejects with cancelled when the signal is already aborted, sending nothing', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('cancelled');
    expect(completionRequests()).toHaveLength(0);
  });
});

describe('llama.cpp adapter cancel (OC-ADAPT-5001)', () => {
  const stallingStream = () => {
    const [first, second] = readLlamaCppFixture('completion-stream-limit.sse').split(/(?<=\n\n)/);
    return { headers: LLAMACPP_SSE_HEADERS, chunks: [first ?? '', second ?? '', { stall: true as const }] };
  };

  it('cancel(taskId) ends the stream with end{cancelled}, no further token, and closes the request', async () => {
    const { url } = await startEngine({ 'POST /completion': stallingStream() });
    const { adapter } = createAdapter(url);
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit(task)) {
      events.push(event);
      if (event.type === 'token' && event.i === 1) void adapter.cancel('task-1');
    }
    expect(events.filter((event) => event.type === 'token')).toHaveLength(2);
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    expect(adapter.activeTasks).toBe(0);
    await fixture.current?.waitFor(() => completionRequests()[0]?.closedByClient === true);
  });

  it('aborting the signal mid-stream delivers no further token', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit(task, { signal: controller.signal })) {
      events.push(event);
      if (event.type === 'token' && event.i === 0) controller.abort();
    }
    expect(events.filter((event) => event.type === 'token')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
  });

  it('ignores cancel for an unknown task id', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await expect(adapter.cancel('nobody')).resolves.toBeUndefined();
  });
});

describe('llama.cpp adapter chat messages', () => {
  const chatTask: Task = {
    task_id: 'chat-1',
    model: 'tiny',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi there' },
    ],
    max_tokens: 12,
    priority: 'interactive',
  };

  it('templates messages with /apply-template and sends the result as the prompt', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(chatTask));
    expect(events.at(-1)?.type).toBe('end');
    const templated = fixture.current?.requests.find((request) => request.path === '/apply-template');
    expect(templated?.json).toEqual({ messages: chatTask.messages });
    expect(sentCompletion().prompt).toBe(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('falls back to a plain transcript, with a warning, when /apply-template is missing', async () => {
    const { url } = await startEngine({
      'POST /apply-template': jsonFixtureReply('http-404-not-found.json', 404),
    });
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit(chatTask));
    await collect(adapter.submit({ ...chatTask, task_id: 'chat-2' }));
    expect(sentCompletion().prompt).toBe('system: Be brief.\nuser: Hi there\nassistant:');
    expect(fixture.requestsTo('/apply-template')).toHaveLength(1);
    expect(
      logs.filter((line) => line.level === 'warn' && line.message.includes('apply-template')),
    ).toHaveLength(2);
  });

  it("rejects with capability_unsupported when the fallback is 'reject'", async () => {
    const { url } = await startEngine({
      'POST /apply-template': jsonFixtureReply('http-404-not-found.json', 404),
    });
    const { adapter } = createAdapter(url, { chatTemplateFallback: 'reject' });
    const error = await rejection(() => collect(adapter.submit(chatTask)));
    expect(error.code).toBe('capability_unsupported');
    expect(completionRequests()).toHaveLength(0);
  });

  it('warns about task fields it cannot send instead of dropping them silently', async () => {
    const { url } = await startEngine();
    const { adapter, logs } = createAdapter(url);
    const withExtra: Task = Object.assign({ logit_bias: { 1: -100 } }, task);
    await collect(adapter.submit(withExtra));
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'llama.cpp adapter drops task fields it cannot send',
      fields: { task_id: 'task-1', fields: ['logit_bias'] },
    });
  });
});

describe('llama.cpp adapter health, properties, tokens and metrics', () => {
  it('reports ready for /health 200 and loading for 503 (OC-ADAPT-5001)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect((await adapter.health()).state).toBe('ready');
    fixture.current?.setRoute('GET /health', jsonFixtureReply('http-503-loading.json', 503));
    expect(await adapter.health()).toMatchObject({ state: 'loading', detail: 'HTTP 503: Loading model' });
    fixture.current?.setRoute('GET /health', { status: 500, body: 'crashed' });
    expect(await adapter.health()).toMatchObject({ state: 'unhealthy', detail: 'HTTP 500: crashed' });
  });

  it('reports down when the server is not listening', async () => {
    const { adapter } = createAdapter(await findRefusedUrl());
    expect((await adapter.health()).state).toBe('down');
  });

  it('reads properties from /props and /slots (OC-ADAPT-5001, OC-ADAPT-5011)', async () => {
    const { url } = await startEngine({ 'GET /slots': jsonFixtureReply('slots-busy.json') });
    const { adapter } = createAdapter(url);
    const properties = await adapter.properties();
    expect(properties).toMatchObject({
      engine: 'llamacpp',
      engine_version: 'b11669-Debian',
      model: '/work/main/.cache/models/tiny-llama-s0-fd103a2a8bc69664.gguf',
      slots_total: 2,
      slots_free: 1,
      context_size: 512,
    });
    expect(properties.extra?.chat_template).toContain('<|im_start|>');
  });

  it('declares the sampler profile it applies and structured output (ORCH-DET-020, ORCH-API-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.properties()).toMatchObject({
      sampler_profile_version: 'sp-1',
      capabilities: { structured_output: true },
    });
  });

  it('leaves slots_free out when /slots is disabled (501)', async () => {
    const { url } = await startEngine({
      'GET /slots': {
        status: 501,
        body: '{"error":{"code":501,"message":"This server does not support slots endpoint.","type":"not_supported_error"}}',
      },
    });
    const { adapter } = createAdapter(url);
    const properties = await adapter.properties();
    expect(properties.slots_free).toBeUndefined();
    expect(properties.slots_total).toBe(2);
  });

  it('throws engine_protocol_error when /props lacks build_info', async () => {
    const { url } = await startEngine({ 'GET /props': { body: '{"total_slots":1}' } });
    const { adapter } = createAdapter(url);
    expect((await rejection(() => adapter.properties())).code).toBe('engine_protocol_error');
  });

  it('throws engine_unavailable from properties when the server is down', async () => {
    const { adapter } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => adapter.properties())).code).toBe('engine_unavailable');
  });

  it('estimates tokens with the engine tokenizer', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'Hello wörld' })).toEqual({
      prompt_tokens: 7,
      total_tokens: 19,
      method: 'tokenizer',
    });
    const tokenize = fixture.current?.requests.find((request) => request.path === '/tokenize');
    expect(tokenize?.json).toEqual({
      content: 'Hello wörld',
      add_special: true,
      parse_special: true,
      with_pieces: false,
    });
  });

  it('reads /metrics (OC-ADAPT-5001a)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const metrics = await adapter.readEngineMetrics();
    expect(metrics).toMatchObject({
      available: true,
      requests_processing: 0,
      requests_deferred: 0,
      tokens_predicted_total: 15670,
      n_decode_total: 15670,
    });
    expect(metrics.kv_cache_usage_ratio).toBeUndefined();
    expect(metrics.samples.length).toBeGreaterThan(10);
  });

  it('reports metrics unavailable when the server runs without --metrics (501)', async () => {
    const { url } = await startEngine({
      'GET /metrics': {
        status: 501,
        body: '{"error":{"code":501,"message":"This server does not support metrics endpoint.","type":"not_supported_error"}}',
      },
    });
    const { adapter } = createAdapter(url);
    expect(await adapter.readEngineMetrics()).toEqual({ available: false, samples: [] });
  });
});

describe('llama.cpp adapter secrets (OC-ADAPT-6020)', () => {
  it('never writes the API key to logs, errors or events, even when the engine echoes it', async () => {
    const echo = (request: { headers: Record<string, string | string[] | undefined> }) => ({
      status: 401,
      body: JSON.stringify({
        error: {
          code: 401,
          message: `Invalid API Key ${String(request.headers.authorization)}`,
          type: 'authentication_error',
        },
      }),
    });
    const { url } = await startEngine({ 'POST /completion': echo, 'GET /props': echo });
    const { adapter, logs } = createAdapter(url);
    const errors = [
      await rejection(() => collect(adapter.submit(task))),
      await rejection(() => adapter.properties()),
    ];
    const health = await adapter.health();
    const visible = JSON.stringify({
      errors: errors.map((error) => ({
        message: error.message,
        context: error.context,
        event: error.toEvent(),
      })),
      logs,
      health,
    });
    expect(errors.map((error) => error.code)).toEqual(['engine_rejected', 'engine_rejected']);
    expect(visible).not.toContain(API_KEY);
  });
});
