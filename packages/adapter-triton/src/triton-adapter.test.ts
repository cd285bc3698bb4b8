import { checkEventSequence, deriveSeed, type StreamEvent, type Task } from '@orch/adapter-api';
import {
  collect,
  createFixtureServerPerTest,
  createRecordingLogger,
  type FixtureRoute,
  findRefusedUrl,
  rejection,
  splitIntoByteChunks,
  textOf,
} from '@orch/adapter-utils/testing';
import { describe, expect, it } from 'vitest';
import { createTritonAdapter, type TritonAdapterSettings } from './index.js';
import {
  createTritonRoutes,
  jsonFixtureReply,
  readTextOutputs,
  readTritonFixture,
  splitTritonEvents,
  streamFixtureReply,
  TRITON_SSE_HEADERS,
} from './triton-fixtures.js';

const API_KEY = 'triton-secret-key-0123456789';
const GENERATE = 'POST /v2/models/ensemble/generate_stream';
const task: Task = {
  task_id: 'task-1',
  model: 'llama',
  prompt: 'Hello',
  max_tokens: 12,
  seed: 2,
  temperature: 0.9,
  priority: 'interactive',
};

const fixture = createFixtureServerPerTest();

function startEngine(routes: Record<string, FixtureRoute> = {}, model = 'ensemble') {
  return fixture.start({ ...createTritonRoutes(model), ...routes });
}

function createAdapter(baseUrl: string, overrides: Partial<TritonAdapterSettings> = {}) {
  const { logger, logs } = createRecordingLogger();
  const adapter = createTritonAdapter({
    baseUrl,
    model: 'llama',
    apiKey: API_KEY,
    textMode: 'delta',
    logger,
    ...overrides,
  });
  return { adapter, logs };
}

const generateRequests = () =>
  fixture.current?.requests.filter((request) => request.path.endsWith('/generate_stream')) ?? [];
const sentBody = (index = 0) => generateRequests()[index]?.json as Record<string, unknown> | undefined;

describe('Triton adapter streaming (fixture replay, OC-ADAPT-5060)', () => {
  it('streams generate_stream responses as started, tokens and an eof stop end', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      task_id: 'task-1',
      engine: 'triton',
      engine_version: 'triton 2.59.0',
      model: 'llama',
      seed: 2,
    });
    expect(textOf(events)).toBe(readTextOutputs('generate-stream-delta-eos.sse').join(''));
    expect(textOf(events)).toBe(' garden always € orchestrator orchestrator');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'eof',
      tokens_out: 8,
    });
  });

  it('sends the ensemble inputs: stream, excluded prompt, sampling with every sampler profile input, stop_words and the detected seed name (ORCH-DET-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { headersTimeoutMs: 5000 });
    await collect(adapter.submit({ ...task, top_k: 20, top_p: 0.9, stop: ['\n\n'] }));
    expect(sentBody()).toEqual({
      id: 'task-1',
      text_input: 'Hello',
      max_tokens: 12,
      stream: true,
      exclude_input_in_output: true,
      temperature: 0.9,
      top_k: 20,
      top_p: 0.9,
      repetition_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      beam_width: 1,
      stop_words: ['\n\n'],
      random_seed: 2,
    });
    expect(generateRequests()[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('reads the seed input name from /config once: seed on newer ensembles (OC-ADAPT-5070)', async () => {
    const { url } = await startEngine({
      'GET /v2/models/ensemble/config': jsonFixtureReply('model-config-seed.json'),
    });
    const { adapter } = createAdapter(url);
    await collect(adapter.submit(task));
    await collect(adapter.submit({ ...task, task_id: 'task-2' }));
    expect(sentBody()).toMatchObject({ seed: 2 });
    expect(sentBody()?.random_seed).toBeUndefined();
    expect(fixture.current?.requests.filter((request) => request.path.endsWith('/config'))).toHaveLength(1);
  });

  it('uses the configured seed input name without reading /config', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { seedInputName: 'seed' });
    await collect(adapter.submit(task));
    expect(sentBody()).toMatchObject({ seed: 2 });
    expect(fixture.current?.requests.filter((request) => request.path.endsWith('/config'))).toHaveLength(0);
  });

  it('sends the seed under both names, with a warning, when /config cannot be read', async () => {
    const { url } = await startEngine({
      'GET /v2/models/ensemble/config': { status: 400, body: '{"error":"x"}' },
    });
    const { adapter, logs } = createAdapter(url);
    const { seed: _seed, ...unseeded } = task;
    const events = await collect(adapter.submit(unseeded));
    const seed = deriveSeed('task-1');
    expect(sentBody()).toMatchObject({ seed, random_seed: seed });
    expect(events[0]).toMatchObject({ type: 'started', seed });
    expect(
      logs.some((line) => line.level === 'warn' && line.message.includes('both seed and random_seed')),
    ).toBe(true);
  });

  it('maps greedy to top_k 1, and sends top_p 1 with a sampling temperature so TensorRT-LLM samples (ORCH-DET-022)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit({ ...task, temperature: 0, top_p: 0.5 }));
    await collect(adapter.submit({ ...task, task_id: 'task-2' }));
    expect(sentBody(0)).toMatchObject({ top_k: 1, temperature: 1, top_p: 1 });
    expect(sentBody(1)).toMatchObject({ temperature: 0.9, top_p: 1, top_k: 0 });
  });

  it('refuses response_format before any request without guided decoding, and sends a guide with it (ORCH-API-021, ORCH-API-022)', async () => {
    const { url } = await startEngine();
    const structured: Task = { ...task, response_format: { type: 'json_object' } };
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(structured)));
    expect(error.code).toBe('capability_unsupported');
    expect(generateRequests()).toHaveLength(0);
    const { adapter: guided } = createAdapter(url, { guidedDecoding: true });
    await collect(guided.submit(structured));
    expect(sentBody(0)).toMatchObject({
      guided_decoding_guide_type: 'json_schema',
      guided_decoding_guide: '{"type":"object"}',
    });
  });

  it('warns about task fields the ensemble has no input for (min_p)', async () => {
    const { url } = await startEngine();
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit({ ...task, min_p: 0.1 }));
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'Triton adapter drops task fields the ensemble has no input for',
      fields: { task_id: 'task-1', fields: ['min_p'] },
    });
  });

  it('ends with length when the responses reach max_tokens', async () => {
    const { url } = await startEngine({ [GENERATE]: streamFixtureReply('generate-stream-delta-length.sse') });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, max_tokens: 6 }));
    expect(textOf(events)).toBe(' garden always €');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'max_tokens',
      tokens_out: 6,
    });
  });

  it('cuts the stop word TensorRT-LLM leaves in the text and ends with stop/stop_words', async () => {
    const { url } = await startEngine({
      [GENERATE]: streamFixtureReply('generate-stream-delta-stop-words.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, stop: [' alw'] }));
    expect(readTextOutputs('generate-stream-delta-stop-words.sse').join('')).toBe(' garden alw');
    expect(textOf(events)).toBe(' garden');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'stop_words',
    });
  });

  it('keeps UTF-8 characters whole when response bytes arrive split across chunks', async () => {
    const body = readTritonFixture('generate-stream-delta-eos.sse');
    const { url } = await startEngine({
      [GENERATE]: { headers: TRITON_SSE_HEADERS, chunks: splitIntoByteChunks(body, 7) },
    });
    const { adapter } = createAdapter(url);
    expect(textOf(await collect(adapter.submit(task)))).toBe(' garden always € orchestrator orchestrator');
  });

  it('fails a stalled stream with idle_timeout and closes the request', async () => {
    const [first, second] = splitTritonEvents('generate-stream-delta-eos.sse');
    const { url } = await startEngine({
      [GENERATE]: streamFixtureReply('generate-stream-delta-eos.sse', [
        first ?? '',
        second ?? '',
        { stall: true },
      ]),
    });
    const { adapter } = createAdapter(url, { idleTimeoutMs: 150 });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'idle_timeout', tokens_delivered: 2 });
    await fixture.current?.waitFor(() => generateRequests()[0]?.closedByClient === true);
  });
});

describe('Triton adapter text modes: TensorRT-LLM streaming quirks (specs/engines/cross-engine.md E.5, OC-ADAPT-5060)', () => {
  it('accumulated mode emits the difference and holds back a trailing U+FFFD until the character is whole', async () => {
    const outputs = readTextOutputs('generate-stream-accumulated.sse');
    expect(outputs.filter((text) => text.endsWith('\uFFFD'))).toHaveLength(2);
    const { url } = await startEngine(
      {
        'POST /v2/models/tensorrt_llm_bls/generate_stream': streamFixtureReply(
          'generate-stream-accumulated.sse',
        ),
      },
      'tensorrt_llm_bls',
    );
    const { adapter } = createAdapter(url, { textMode: 'accumulated', tritonModel: 'tensorrt_llm_bls' });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(outputs.at(-1));
    expect(textOf(events)).not.toContain('\uFFFD');
    expect(events.flatMap((event) => (event.type === 'token' ? [event.t] : []))).toEqual([
      ' garden',
      ' always',
      ' ',
      '€',
      ' orchestrator',
      ' orchestrator',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'stop', tokens_out: 8 });
  });

  it('accumulated mode drops a U+FFFD still pending at the end (a character cut by max_tokens)', async () => {
    const cut = splitTritonEvents('generate-stream-accumulated.sse').slice(0, 4);
    const { url } = await startEngine({
      [GENERATE]: streamFixtureReply('generate-stream-accumulated.sse', cut),
    });
    const { adapter } = createAdapter(url, { textMode: 'accumulated' });
    const events = await collect(adapter.submit({ ...task, max_tokens: 4 }));
    expect(textOf(events)).toBe(' garden always ');
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
  });

  it('accumulated mode fails with engine_protocol_error naming the setting when the model sends deltas', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { textMode: 'accumulated' });
    const events = await collect(adapter.submit(task));
    const end = events.at(-1);
    expect(end).toMatchObject({ type: 'error', code: 'engine_protocol_error', tokens_delivered: 1 });
    expect(end?.type === 'error' ? end.message : '').toContain('accumulate_tokens');
  });

  it('delta mode never forwards the U+FFFD of a split character: it drops them and warns', async () => {
    const outputs = readTextOutputs('generate-stream-delta-quirks.sse');
    expect(outputs.filter((text) => text === '\uFFFD')).toHaveLength(3);
    const { url } = await startEngine({ [GENERATE]: streamFixtureReply('generate-stream-delta-quirks.sse') });
    const { adapter, logs } = createAdapter(url, { textMode: 'delta' });
    const events = await collect(adapter.submit(task));
    // The leading spaces per-token decoding lost cannot be restored: that is why accumulated mode exists.
    expect(textOf(events)).toBe('gardenalwaysorchestratororchestrator');
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'Triton sent U+FFFD for split characters in delta text mode: they were dropped',
      fields: { task_id: 'task-1', replacements: 3 },
    });
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'is_final',
    });
  });
});

describe('Triton adapter failures (specs/engines/triton.md C.1, C.3)', () => {
  it('turns data: {"error"} after a 200 start into one retriable engine_error event', async () => {
    const { url } = await startEngine({ [GENERATE]: streamFixtureReply('generate-stream-error.sse') });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(' garden always ');
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'engine_error',
      retriable: true,
      tokens_delivered: 3,
    });
    expect(events.at(-1)?.type === 'error' && events.at(-1)).toMatchObject({
      message: expect.stringContaining('Executor failed process requestId 42'),
    });
  });

  it('rejects an unknown model (400) with engine_rejected', async () => {
    const { url } = await startEngine({ [GENERATE]: jsonFixtureReply('http-400-unknown-model.json', 400) });
    const { adapter } = createAdapter(url, { seedInputName: 'seed' });
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_rejected');
    expect(error.message).toBe("triton answered HTTP 400: Request for unknown model: 'llama' is not found");
  });

  it('rejects a model without ready versions (400) with a retriable engine_unavailable', async () => {
    const { url } = await startEngine({
      [GENERATE]: jsonFixtureReply('http-400-no-available-versions.json', 400),
    });
    const { adapter } = createAdapter(url, { seedInputName: 'seed' });
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_unavailable');
    expect(error.retriable).toBe(true);
  });

  it('rejects a prompt over the engine input length with context_length_exceeded', async () => {
    const { url } = await startEngine({ [GENERATE]: jsonFixtureReply('http-400-prompt-too-long.json', 400) });
    const { adapter } = createAdapter(url, { seedInputName: 'seed' });
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('context_length_exceeded');
  });

  it('rejects an internal error (500) with engine_error and 503 with engine_unavailable', async () => {
    const { url } = await startEngine({ [GENERATE]: { status: 500, body: '{"error":"INTERNAL: boom"}' } });
    const { adapter } = createAdapter(url, { seedInputName: 'seed' });
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_error');
    fixture.current?.setRoute(GENERATE, { status: 503, body: '{"error":"UNAVAILABLE"}' });
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_unavailable');
  });

  it('ends a stream that closes before any response with stream_truncated', async () => {
    const { url } = await startEngine({
      [GENERATE]: streamFixtureReply('generate-stream-delta-eos.sse', []),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', tokens_delivered: 0 });
  });

  it('ends a stream whose connection breaks with stream_truncated', async () => {
    const [first, second] = splitTritonEvents('generate-stream-delta-eos.sse');
    const { url } = await startEngine({
      [GENERATE]: streamFixtureReply('generate-stream-delta-eos.sse', [
        first ?? '',
        second ?? '',
        { delayMs: 20 },
        { destroy: true },
      ]),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', tokens_delivered: 2 });
  });

  it('rejects with engine_unavailable when the connection is refused', async () => {
    const { adapter } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_unavailable');
  });

  it('rejects chat messages with capability_unsupported when chatFallback is reject', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { chatFallback: 'reject' });
    const { prompt: _prompt, ...rest } = task;
    const error = await rejection(() =>
      collect(adapter.submit({ ...rest, messages: [{ role: 'user', content: 'Hi' }] })),
    );
    expect(error.code).toBe('capability_unsupported');
    expect(generateRequests()).toHaveLength(0);
  });

  it('sends chat messages as a transcript, with a warning, by default', async () => {
    const { url } = await startEngine();
    const { adapter, logs } = createAdapter(url);
    const { prompt: _prompt, ...rest } = task;
    await collect(adapter.submit({ ...rest, messages: [{ role: 'user', content: 'Hi' }] }));
    expect(sentBody()?.text_input).toBe('user: Hi\nassistant:');
    expect(logs.some((line) => line.message.includes('plain transcript'))).toBe(true);
  });
});

describe('Triton adapter cancel', () => {
  it('cancel(taskId) ends the stream with end{cancelled}, no further token, and closes the request', async () => {
    const [first, second] = splitTritonEvents('generate-stream-delta-eos.sse');
    const { url } = await startEngine({
      [GENERATE]: streamFixtureReply('generate-stream-delta-eos.sse', [
        first ?? '',
        second ?? '',
        { stall: true },
      ]),
    });
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
    await fixture.current?.waitFor(() => generateRequests()[0]?.closedByClient === true);
  });

  it('rejects with cancelled when the signal is already aborted, sending nothing', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('cancelled');
    expect(generateRequests()).toHaveLength(0);
  });
});

describe('Triton adapter health, properties, tokens and metrics (OC-ADAPT-5060, OC-ADAPT-5070)', () => {
  it('reports ready when the server and the model are ready', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.health()).toMatchObject({ state: 'ready' });
  });

  it('reports loading while the model answers 400 on /ready (Triton never answers 503 there)', async () => {
    const { url } = await startEngine({
      'GET /v2/models/ensemble/ready': { status: 400, body: '{"error":"Model version not ready"}' },
    });
    const { adapter } = createAdapter(url);
    expect(await adapter.health()).toMatchObject({
      state: 'loading',
      detail: 'model not ready (HTTP 400: {"error":"Model version not ready"})',
    });
  });

  it('reports loading while the server is live but not ready, unhealthy when it is not live either', async () => {
    const { url } = await startEngine({ 'GET /v2/health/ready': { status: 400, body: '' } });
    const { adapter } = createAdapter(url);
    expect((await adapter.health()).state).toBe('loading');
    fixture.current?.setRoute('GET /v2/health/live', { status: 400, body: '' });
    expect(await adapter.health()).toMatchObject({
      state: 'unhealthy',
      detail: 'server not live (GET /v2/health/live)',
    });
  });

  it('reports unhealthy for an unknown model and down when nothing listens', async () => {
    const { url } = await startEngine({
      'GET /v2/models/ensemble/ready': jsonFixtureReply('http-400-unknown-model.json', 400),
    });
    const { adapter } = createAdapter(url);
    expect((await adapter.health()).state).toBe('unhealthy');
    const { adapter: unreachable } = createAdapter(await findRefusedUrl());
    expect((await unreachable.health()).state).toBe('down');
  });

  it('reports triton <version> from GET /v2 and trtllm_version from the settings, the sampler profile and no structured output without guided decoding (OC-ADAPT-5070, ORCH-DET-020, ORCH-API-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { trtllmVersion: '0.17.0', contextSize: 8192 });
    expect(await adapter.properties()).toEqual({
      engine: 'triton',
      engine_version: 'triton 2.59.0',
      model: 'ensemble',
      slots_total: 64,
      context_size: 8192,
      sampler_profile_version: 'sp-1',
      capabilities: { structured_output: false },
      extra: {
        trtllm_version: '0.17.0',
        triton_version: '2.59.0',
        text_mode: 'delta',
        backend: 'ensemble',
        seed_input: 'random_seed',
        decoupled: false,
      },
    });
  });

  it("says trtllm_version is unknown when the settings do not give it, since the server can't", async () => {
    const { url } = await startEngine({
      'GET /v2/models/ensemble/config': jsonFixtureReply('model-config-seed.json'),
    });
    const { adapter } = createAdapter(url);
    const properties = await adapter.properties();
    expect(properties.extra).toMatchObject({ trtllm_version: 'unknown', seed_input: 'seed' });
    expect(properties.model_digest).toBeUndefined();
  });

  it('throws engine_protocol_error when GET /v2 has no version, engine_unavailable when down', async () => {
    const { url } = await startEngine({ 'GET /v2': { body: '{"name":"triton"}' } });
    const { adapter } = createAdapter(url);
    expect((await rejection(() => adapter.properties())).code).toBe('engine_protocol_error');
    const { adapter: unreachable } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => unreachable.properties())).code).toBe('engine_unavailable');
  });

  it('estimates tokens with the documented heuristic: Triton has no tokenizer endpoint', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'Hello wörld' })).toEqual({
      prompt_tokens: 5,
      total_tokens: 17,
      method: 'heuristic',
    });
  });

  it('reads the pending count and TensorRT-LLM gauges from the metrics URL, unavailable without one', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { metricsUrl: url });
    expect(await adapter.readEngineMetrics()).toMatchObject({
      available: true,
      pending_request_count: 2,
      request_success: 1,
      request_failure: { REJECTED: 0, CANCELED: 0, BACKEND: 0, OTHER: 0 },
      trtllm_requests: { waiting: 3, active: 5, max: 64 },
      kv_cache_blocks: { free: 256, max: 256 },
    });
    const { adapter: without } = createAdapter(url);
    expect(await without.readEngineMetrics()).toMatchObject({ available: false, samples: [] });
  });
});

describe('Triton adapter secrets (OC-ADAPT-6020)', () => {
  it('never writes the API key to errors or logs, even when the engine echoes it', async () => {
    const echo = (request: { headers: Record<string, string | string[] | undefined> }) => ({
      status: 400,
      body: JSON.stringify({ error: `bad header ${String(request.headers.authorization)}` }),
    });
    const { url } = await startEngine({ [GENERATE]: echo, 'GET /v2': echo });
    const { adapter, logs } = createAdapter(url);
    const errors = [
      await rejection(() => collect(adapter.submit(task))),
      await rejection(() => adapter.properties()),
    ];
    const visible = JSON.stringify({
      errors: errors.map((error) => ({ message: error.message, context: error.context })),
      logs,
    });
    expect(visible).toContain('bad header');
    expect(visible).not.toContain(API_KEY);
  });
});
