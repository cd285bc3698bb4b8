import { checkEventSequence, deriveSeed, type StreamEvent, type Task } from '@orch/adapter-api';
import {
  collect,
  createFixtureServerPerTest,
  createRecordingLogger,
  findRefusedUrl,
  rejection,
  splitIntoByteChunks,
  textOf,
  tokenEventsOf,
} from '@orch/adapter-utils/testing';
import { describe, expect, it } from 'vitest';
import { createVllmAdapter, VLLM_SAMPLER_PROFILE, type VllmAdapterSettings } from './index.js';
import {
  createVllmRoutes,
  FIXTURE_MODEL,
  jsonFixtureReply,
  readStreamFixtureText,
  readVllmFixture,
  splitStreamFixture,
  streamFixtureReply,
  VLLM_SSE_HEADERS,
} from './vllm-fixtures.js';

const API_KEY = 'vllm-secret-key-0123456789';
const task: Task = {
  task_id: 'task-1',
  model: FIXTURE_MODEL,
  prompt: 'Hello',
  max_tokens: 6,
  seed: 7,
  temperature: 0.9,
  priority: 'interactive',
};
const chatTask: Task = {
  task_id: 'chat-1',
  model: FIXTURE_MODEL,
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi there' },
  ],
  max_tokens: 5,
  seed: 7,
  priority: 'interactive',
};

const fixture = createFixtureServerPerTest(() => createVllmRoutes());
const startEngine = fixture.start;

function createAdapter(baseUrl: string, overrides: Partial<VllmAdapterSettings> = {}) {
  const { logger, logs } = createRecordingLogger();
  const adapter = createVllmAdapter({ baseUrl, model: FIXTURE_MODEL, apiKey: API_KEY, logger, ...overrides });
  return { adapter, logs };
}

const { requestsTo } = fixture;

describe('vLLM adapter streaming (fixture replay, OC-ADAPT-5020, OC-ADAPT-6011)', () => {
  it('streams a recorded completion as started, tokens and a length end with usage counts', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      task_id: 'task-1',
      engine: 'vllm',
      engine_version: '0.11.0',
      model: FIXTURE_MODEL,
      seed: 7,
    });
    expect(textOf(events)).toBe(readStreamFixtureText('completions-stream-length.sse'));
    expect(textOf(events)).toBe(' often! writes never light answer');
    const end = events.at(-1);
    expect(end).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'length',
      tokens_in: 6,
      tokens_out: 6,
    });
    expect(end?.type === 'end' ? end.ttft_ms : undefined).toBeGreaterThanOrEqual(0);
  });

  it('keeps the token boundaries of the engine deltas, one token event per non-empty delta', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(tokenEventsOf(events).map((event) => (event.type === 'token' ? event.t : ''))).toEqual([
      ' often',
      '!',
      ' writes',
      ' never',
      ' light',
      ' answer',
    ]);
  });

  it('sends the mapped /v1/completions request with include_usage, the seed, every sampler profile field and the API key as Bearer (ORCH-DET-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit({ ...task, top_k: 20, top_p: 0.9, min_p: 0.1, stop: ['\n\n'] }));
    const [request] = requestsTo('/v1/completions');
    expect(request?.json).toEqual({
      model: FIXTURE_MODEL,
      prompt: 'Hello',
      max_tokens: 6,
      seed: 7,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.9,
      top_k: 20,
      top_p: 0.9,
      min_p: 0.1,
      repetition_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      stop: ['\n\n'],
    });
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('sends the served model name when it differs from the pool model name', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { model: 'pool-name', servedModel: FIXTURE_MODEL });
    const events = await collect(adapter.submit(task));
    expect(events[0]).toMatchObject({ type: 'started', model: 'pool-name' });
    expect(requestsTo('/v1/completions')[0]?.json).toMatchObject({ model: FIXTURE_MODEL });
  });

  it("sends top_k 0 (the contract's 'disabled') as -1, which every vLLM release accepts", async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit({ ...task, top_k: 0 }));
    expect(requestsTo('/v1/completions')[0]?.json).toMatchObject({ top_k: -1 });
  });

  it('derives the seed from the task id when the task has none, passes it per request and reports it', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const { seed: _seed, ...unseeded } = task;
    const events = await collect(adapter.submit(unseeded));
    const sent = requestsTo('/v1/completions')[0]?.json as { seed?: number };
    expect(sent.seed).toBe(deriveSeed('task-1'));
    expect(events[0]).toMatchObject({ type: 'started', seed: sent.seed });
  });

  it('reads the engine version from /version once and caches it (OC-ADAPT-5030)', async () => {
    const { url } = await startEngine();
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit(task));
    await collect(adapter.submit({ ...task, task_id: 'task-2' }));
    expect(requestsTo('/version')).toHaveLength(1);
    expect(logs).toContainEqual({
      level: 'debug',
      message: 'vLLM task starting',
      fields: { task_id: 'task-1', engine_version: '0.11.0', seed: 7, sampler_profile: VLLM_SAMPLER_PROFILE },
    });
  });

  it('streams chat turns from /v1/chat/completions; the role chunk gives no token', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(chatTask));
    expect(checkEventSequence(events)).toEqual([]);
    expect(requestsTo('/v1/chat/completions')[0]?.json).toEqual({
      model: FIXTURE_MODEL,
      messages: chatTask.messages,
      max_tokens: 5,
      seed: 7,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 1,
      top_p: 1,
      top_k: -1,
      min_p: 0,
      repetition_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
    });
    expect(tokenEventsOf(events)).toHaveLength(5);
    expect(textOf(events)).toBe(' fast is finds 東京.');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      tokens_in: 50,
      tokens_out: 5,
    });
  });

  it("ends a stop-string stream with stop and keeps vLLM's stop_reason in finish_reason_raw", async () => {
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-stop-string.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, max_tokens: 12, stop: [' light'] }));
    expect(textOf(events)).toBe(' often! writes never');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'stop: light',
      tokens_out: 5,
    });
  });

  it('ends an EOS stream with stop, raw "stop" (stop_reason null)', async () => {
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-eos.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, max_tokens: 16, seed: 9 }));
    expect(textOf(events)).toBe(' writes never story reads moves of finds cold brown!');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'stop',
      tokens_out: 11,
    });
  });

  it('gives empty-text chunks after the first token no token event (specs/engines/vllm.md A.2, specs/engines/cross-engine.md E.5)', async () => {
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-empty-text.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, max_tokens: 10, seed: 3 }));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(' returns é request model über and quick ');
    expect(tokenEventsOf(events).every((event) => event.type === 'token' && event.t.length > 0)).toBe(true);
    expect(tokenEventsOf(events)).toHaveLength(9);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 10 });
  });

  it('tolerates "usage": null on every chunk, as releases before exclude_unset sent (specs/engines/vllm.md A.1)', async () => {
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-null-usage.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(textOf(events)).toBe(' often! writes never light answer');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      tokens_in: 6,
      tokens_out: 6,
    });
  });

  it('keeps UTF-8 characters whole when the recorded bytes arrive split across chunks', async () => {
    const body = readVllmFixture('chat-stream-length.sse');
    const { url } = await startEngine({
      'POST /v1/chat/completions': { headers: VLLM_SSE_HEADERS, chunks: splitIntoByteChunks(body, 7) },
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(chatTask));
    expect(textOf(events)).toBe(' fast is finds 東京.');
    expect(checkEventSequence(events)).toEqual([]);
  });

  it('turns an error event inside a 200 stream, followed by [DONE], into exactly one error event (specs/engines/vllm.md A.1)', async () => {
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-error.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(' often! writes');
    expect(events.filter((event) => event.type === 'end' || event.type === 'error')).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'engine_error',
      message: 'vllm sent an error event mid-stream (status 500): Internal server error',
      retriable: true,
      tokens_delivered: 3,
    });
  });

  it('ends a stream cut before its finish chunk with stream_truncated', async () => {
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-truncated.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', tokens_delivered: 4 });
  });

  it('maps an engine-side abort (finish_reason "abort") to cancelled, keeping the raw value', async () => {
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-abort.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'abort',
      tokens_out: 3,
    });
  });

  it('fails a stalled stream with idle_timeout and closes the request', async () => {
    const [first, second] = splitStreamFixture('completions-stream-length.sse');
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-length.sse', [
        first ?? '',
        second ?? '',
        { stall: true },
      ]),
    });
    const { adapter } = createAdapter(url, { idleTimeoutMs: 150 });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'idle_timeout', tokens_delivered: 2 });
    await fixture.current?.waitFor(() => requestsTo('/v1/completions')[0]?.closedByClient === true);
  });

  it('fails with ttft_timeout when headers come but no chunk follows (a long prefill)', async () => {
    const { url } = await startEngine({
      'POST /v1/completions': streamFixtureReply('completions-stream-length.sse', [{ stall: true }]),
    });
    const { adapter } = createAdapter(url, { firstByteTimeoutMs: 150 });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'ttft_timeout', tokens_delivered: 0 });
  });
});

describe('vLLM adapter failures before streaming (OC-ADAPT-5020)', () => {
  it.each([
    ['nested (v0.10.1+)', 'http-404-unknown-model.json', 'NotFoundError'],
    ['flat (older)', 'http-404-unknown-model-flat.json', 'NotFoundError'],
  ] as const)(
    'rejects an unknown model (404, %s body) as engine_rejected with the engine message',
    async (_style, fixture, engineCode) => {
      const { url } = await startEngine({ 'POST /v1/completions': jsonFixtureReply(fixture, 404) });
      const { adapter } = createAdapter(url, { model: 'nope' });
      const error = await rejection(() => collect(adapter.submit(task)));
      expect(error.code).toBe('engine_rejected');
      expect(error.retriable).toBe(false);
      expect(error.message).toBe('vllm answered HTTP 404: The model `nope` does not exist.');
      expect(error.context).toMatchObject({
        engine: 'vllm',
        replica: url,
        status: 404,
        engine_code: engineCode,
      });
    },
  );

  it.each([
    ['nested', 'http-400-context-length.json'],
    ['flat', 'http-400-context-length-flat.json'],
    ['max_tokens too large', 'http-400-max-tokens.json'],
  ] as const)('rejects an over-long request (%s) with context_length_exceeded', async (_style, fixture) => {
    const { url } = await startEngine({ 'POST /v1/completions': jsonFixtureReply(fixture, 400) });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('context_length_exceeded');
    expect(error.message).toContain("This model's maximum context length is 4096 tokens");
    expect(error.context.engine_code).toBe('BadRequestError');
  });

  it('rejects a 500 with a retriable engine_error', async () => {
    const { url } = await startEngine({
      'POST /v1/completions': {
        status: 500,
        body: '{"error":{"message":"Internal server error","type":"InternalServerError","param":null,"code":500}}',
      },
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_error');
    expect(error.retriable).toBe(true);
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
    expect(requestsTo('/v1/completions')).toHaveLength(0);
  });

  it('rejects a task with neither prompt nor messages with invalid_request', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const { prompt: _prompt, ...empty } = task;
    expect((await rejection(() => collect(adapter.submit(empty)))).code).toBe('invalid_request');
  });
});

describe('vLLM adapter cancel (OC-ADAPT-5020)', () => {
  const stallingStream = () => {
    const [first, second] = splitStreamFixture('completions-stream-length.sse');
    return streamFixtureReply('completions-stream-length.sse', [first ?? '', second ?? '', { stall: true }]);
  };

  it('cancel(taskId) ends the stream with end{cancelled}, no further token, and closes the request', async () => {
    const { url } = await startEngine({ 'POST /v1/completions': stallingStream() });
    const { adapter } = createAdapter(url);
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit(task)) {
      events.push(event);
      if (event.type === 'token' && event.i === 1) void adapter.cancel('task-1');
    }
    expect(tokenEventsOf(events)).toHaveLength(2);
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    expect(adapter.activeTasks).toBe(0);
    await fixture.current?.waitFor(() => requestsTo('/v1/completions')[0]?.closedByClient === true);
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
    expect(tokenEventsOf(events)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
  });

  it('ignores cancel for an unknown task id', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await expect(adapter.cancel('nobody')).resolves.toBeUndefined();
  });
});

describe('vLLM adapter task fields', () => {
  it('warns about task fields it cannot send instead of dropping them silently', async () => {
    const { url } = await startEngine();
    const { adapter, logs } = createAdapter(url);
    const withExtra: Task = Object.assign({ logit_bias: { 1: -100 } }, task);
    await collect(adapter.submit(withExtra));
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'vLLM adapter drops task fields it cannot send',
      fields: { task_id: 'task-1', fields: ['logit_bias'] },
    });
    expect(requestsTo('/v1/completions')[0]?.json).not.toHaveProperty('logit_bias');
  });

  it('sends response_format for structured output (ORCH-API-022)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit({ ...task, response_format: { type: 'json_object' } }));
    expect(requestsTo('/v1/completions')[0]?.json).toMatchObject({
      response_format: { type: 'json_object' },
    });
  });
});

describe('vLLM adapter health, properties, tokens and metrics (OC-ADAPT-5020, OC-ADAPT-5030)', () => {
  it('reports ready for /health 200, unhealthy for 503 (engine dead) and down when refused', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect((await adapter.health()).state).toBe('ready');
    fixture.current?.setRoute('GET /health', { status: 503, body: '' });
    expect(await adapter.health()).toMatchObject({
      state: 'unhealthy',
      detail: 'HTTP 503: the vLLM engine is dead or not serving',
    });
    const { adapter: unreachable } = createAdapter(await findRefusedUrl());
    expect((await unreachable.health()).state).toBe('down');
  });

  it('reads the version from /version and the model and context size from /v1/models, and declares the sampler profile and structured output (ORCH-DET-020, ORCH-API-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.properties()).toEqual({
      engine: 'vllm',
      engine_version: '0.11.0',
      model: FIXTURE_MODEL,
      context_size: 4096,
      sampler_profile_version: 'sp-1',
      capabilities: { structured_output: true },
      extra: {
        engine_version_source: 'version-endpoint',
        sampler_profile: VLLM_SAMPLER_PROFILE,
        served_models: FIXTURE_MODEL,
        model_listed: true,
        model_root: FIXTURE_MODEL,
        owned_by: 'vllm',
      },
    });
    expect(requestsTo('/v1/models')[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('says when the configured model is not among the served ones', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { model: 'other-model' });
    expect((await adapter.properties()).extra).toMatchObject({
      model_listed: false,
      served_models: FIXTURE_MODEL,
    });
  });

  it('throws engine_unavailable from properties when the server is down', async () => {
    const { adapter } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => adapter.properties())).code).toBe('engine_unavailable');
  });

  it('estimates prompt tokens with /tokenize (count) plus max_tokens', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'Hello wörld' })).toEqual({
      prompt_tokens: 13,
      total_tokens: 19,
      method: 'tokenizer',
    });
    expect(requestsTo('/tokenize')[0]?.json).toEqual({
      model: FIXTURE_MODEL,
      prompt: 'Hello wörld',
      add_special_tokens: true,
    });
  });

  it('estimates chat turns with the chat form of /tokenize (template applied)', async () => {
    const { url } = await startEngine({ 'POST /tokenize': jsonFixtureReply('tokenize-chat.json') });
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens(chatTask)).toEqual({
      prompt_tokens: 50,
      total_tokens: 55,
      method: 'tokenizer',
    });
    expect(requestsTo('/tokenize')[0]?.json).toEqual({
      model: FIXTURE_MODEL,
      messages: chatTask.messages,
      add_generation_prompt: true,
    });
  });

  it('falls back to the character heuristic, with one warning, when /tokenize is missing', async () => {
    const { url } = await startEngine({ 'POST /tokenize': { status: 404, body: '{"detail":"Not Found"}' } });
    const { adapter, logs } = createAdapter(url);
    const first = await adapter.estimateTokens({ ...task, prompt: 'abcdefgh' });
    await adapter.estimateTokens(task);
    expect(first).toEqual({ prompt_tokens: 2, total_tokens: 8, method: 'heuristic' });
    expect(requestsTo('/tokenize')).toHaveLength(1);
    expect(logs.filter((line) => line.level === 'warn' && line.message.includes('/tokenize'))).toHaveLength(
      1,
    );
  });

  it('counts a tokens-only /tokenize answer (OpenAI-compatible servers such as llama-server)', async () => {
    const { url } = await startEngine({
      'POST /tokenize': { status: 200, body: JSON.stringify({ tokens: [15, 16, 17, 18] }) },
    });
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'four' })).toEqual({
      prompt_tokens: 4,
      total_tokens: 10,
      method: 'tokenizer',
    });
  });

  it('uses the heuristic when /tokenize counts nothing for a non-empty prompt (field ignored)', async () => {
    const { url } = await startEngine({
      'POST /tokenize': { status: 200, body: JSON.stringify({ tokens: [] }) },
    });
    const { adapter, logs } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'abcdefgh' })).toEqual({
      prompt_tokens: 2,
      total_tokens: 8,
      method: 'heuristic',
    });
    expect(logs.some((line) => line.level === 'warn' && line.message.includes('counted no tokens'))).toBe(
      true,
    );
  });

  it('refuses a /tokenize answer with neither count nor tokens as an engine protocol error', async () => {
    const { url } = await startEngine({ 'POST /tokenize': { status: 200, body: '{"max_model_len":4096}' } });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => adapter.estimateTokens(task));
    expect(error.message).toContain('"count" or a "tokens" array');
  });

  it('reads running and waiting requests and kv_cache_usage_perc from /metrics', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const metrics = await adapter.readEngineMetrics();
    expect(metrics).toMatchObject({
      available: true,
      num_requests_running: 3,
      num_requests_waiting: 1,
      kv_cache_usage: 0.046875,
      kv_cache_metric: 'vllm:kv_cache_usage_perc',
    });
    expect(metrics.samples.length).toBeGreaterThan(10);
  });

  it('falls back to the deprecated gpu_cache_usage_perc on older servers (specs/engines/cross-engine.md E.12)', async () => {
    const { url } = await startEngine({ 'GET /metrics': { body: readVllmFixture('metrics-legacy.txt') } });
    const { adapter } = createAdapter(url);
    expect(await adapter.readEngineMetrics()).toMatchObject({
      available: true,
      num_requests_running: 2,
      num_requests_waiting: 0,
      kv_cache_usage: 0.125,
      kv_cache_metric: 'vllm:gpu_cache_usage_perc',
      generation_tokens_total: 9311,
    });
  });

  it('sums request gauges over data-parallel engines and takes the fullest KV cache', async () => {
    const body = [
      'vllm:num_requests_running{model_name="m",engine="0"} 2',
      'vllm:num_requests_running{model_name="m",engine="1"} 5',
      'vllm:kv_cache_usage_perc{model_name="m",engine="0"} 0.2',
      'vllm:kv_cache_usage_perc{model_name="m",engine="1"} 0.7',
      'vllm:gpu_cache_usage_perc{model_name="m",engine="0"} 0.9',
    ].join('\n');
    const { url } = await startEngine({ 'GET /metrics': { body } });
    const { adapter } = createAdapter(url);
    expect(await adapter.readEngineMetrics()).toMatchObject({
      num_requests_running: 7,
      kv_cache_usage: 0.7,
      kv_cache_metric: 'vllm:kv_cache_usage_perc',
    });
  });

  it('reports metrics unavailable when /metrics is missing (404)', async () => {
    const { url } = await startEngine({ 'GET /metrics': { status: 404, body: '{"detail":"Not Found"}' } });
    const { adapter } = createAdapter(url);
    expect(await adapter.readEngineMetrics()).toEqual({ available: false, samples: [] });
  });
});

describe('vLLM adapter secrets (OC-ADAPT-6020)', () => {
  it('never writes the API key to logs, errors or events, even when the engine echoes it', async () => {
    const echo = (request: { headers: Record<string, string | string[] | undefined> }) => ({
      status: 401,
      body: JSON.stringify({
        error: {
          message: `bad key ${String(request.headers.authorization)}`,
          type: 'Unauthorized',
          code: 401,
        },
      }),
    });
    const { url } = await startEngine({ 'POST /v1/completions': echo, 'GET /v1/models': echo });
    const { adapter, logs } = createAdapter(url);
    const errors = [
      await rejection(() => collect(adapter.submit(task))),
      await rejection(() => adapter.properties()),
    ];
    const visible = JSON.stringify({
      errors: errors.map((error) => ({
        message: error.message,
        context: error.context,
        event: error.toEvent(),
      })),
      logs,
    });
    expect(errors.map((error) => error.code)).toEqual(['engine_rejected', 'engine_rejected']);
    expect(visible).toContain('[REDACTED]');
    expect(visible).not.toContain(API_KEY);
  });
});
