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
import { createTgiAdapter, type TgiAdapterSettings } from './index.js';
import {
  createTgiRoutes,
  jsonFixtureReply,
  readGeneratedText,
  readTgiFixture,
  splitTgiEvents,
  streamFixtureReply,
  TGI_SSE_HEADERS,
} from './tgi-fixtures.js';

const API_KEY = 'tgi-secret-key-0123456789';
const task: Task = {
  task_id: 'task-1',
  model: 'llama',
  prompt: 'Écris en français: 日本語 🙂',
  max_tokens: 12,
  seed: 5,
  temperature: 0.9,
  priority: 'interactive',
};

const fixture = createFixtureServerPerTest(() => createTgiRoutes());
const startEngine = fixture.start;

function createAdapter(baseUrl: string, overrides: Partial<TgiAdapterSettings> = {}) {
  const { logger, logs } = createRecordingLogger();
  const adapter = createTgiAdapter({ baseUrl, model: 'llama', apiKey: API_KEY, logger, ...overrides });
  return { adapter, logs };
}

const streamRequests = () => fixture.requestsTo('/generate_stream');
const sentBody = (index = 0) => streamRequests()[index]?.json as Record<string, unknown> | undefined;

describe('TGI adapter streaming (fixture replay, OC-ADAPT-5040)', () => {
  it('streams /generate_stream as started, tokens and a length end with the details counts', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      task_id: 'task-1',
      engine: 'tgi',
      engine_version: '3.3.6',
      model: 'llama',
      model_digest: 'fa1e5b0c0ffee0ddba11fa1e5b0c0ffee0ddba11',
      seed: 5,
    });
    expect(textOf(events)).toBe(readGeneratedText('generate-stream-length.sse'));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'length',
      tokens_in: 28,
      tokens_out: 12,
    });
  });

  it('gives no token event for the empty text TGI sends while a character is incomplete', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    const engineTexts = splitTgiEvents('generate-stream-length.sse')
      .map((event) => JSON.parse(event.trim().slice('data:'.length)) as { token: { text: string } })
      .map((event) => event.token.text);
    expect(engineTexts.filter((text) => text === '')).toHaveLength(2);
    expect(tokenEventsOf(events).map((event) => event.type === 'token' && event.t)).toEqual(
      engineTexts.filter((text) => text !== ''),
    );
  });

  it('sends details: true, do_sample and the sampling fields TGI validates, the sampler profile included, with the key as Bearer (ORCH-DET-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit({ ...task, top_k: 20, top_p: 0.9, stop: ['\n\n'] }));
    expect(sentBody()).toEqual({
      inputs: task.prompt,
      parameters: {
        max_new_tokens: 12,
        details: true,
        do_sample: true,
        seed: 5,
        temperature: 0.9,
        top_p: 0.9,
        top_k: 20,
        repetition_penalty: 1,
        frequency_penalty: 0,
        watermark: false,
        stop: ['\n\n'],
      },
    });
    expect(streamRequests()[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('maps greedy (temperature 0) to do_sample false without temperature, top_p or top_k', async () => {
    const { url } = await startEngine();
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit({ ...task, temperature: 0, top_p: 0.5, top_k: 3 }));
    expect(sentBody()?.parameters).toEqual({
      max_new_tokens: 12,
      details: true,
      do_sample: false,
      seed: 5,
      repetition_penalty: 1,
      frequency_penalty: 0,
      watermark: false,
    });
    expect(logs).toContainEqual({
      level: 'debug',
      message: 'TGI adapter leaves sampling fields out of a greedy (temperature 0) task',
      fields: { task_id: 'task-1', fields: ['top_p', 'top_k'] },
    });
  });

  it('leaves top_p 1.0 and top_k 0 out, since TGI rejects them, and derives a seed when the task has none', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const { seed: _seed, ...unseeded } = task;
    const events = await collect(adapter.submit({ ...unseeded, top_p: 1, top_k: 0 }));
    expect(sentBody()?.parameters).toEqual({
      max_new_tokens: 12,
      details: true,
      do_sample: true,
      seed: deriveSeed('task-1'),
      temperature: 0.9,
      repetition_penalty: 1,
      frequency_penalty: 0,
      watermark: false,
    });
    expect(events[0]).toMatchObject({ type: 'started', seed: deriveSeed('task-1') });
  });

  it('warns about task fields TGI cannot take (min_p) instead of dropping them silently', async () => {
    const { url } = await startEngine();
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit({ ...task, min_p: 0.05 }));
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'TGI adapter drops task fields it cannot send',
      fields: { task_id: 'task-1', fields: ['min_p'] },
    });
    expect(JSON.stringify(sentBody())).not.toContain('min_p');
  });

  it('drops the special </s> token text and ends an eos_token stream with stop', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-eos.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, max_tokens: 60 }));
    expect(textOf(events)).toBe(' never value 🚀 mountain ocean light');
    expect(textOf(events)).toBe(readGeneratedText('generate-stream-eos.sse'));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'eos_token',
      tokens_in: 6,
      tokens_out: 11,
    });
  });

  it('cuts the stop sequence TGI includes in its text and ends with stop/stop_sequence', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-stop-sequence.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, max_tokens: 60, stop: [' ocean'] }));
    expect(readGeneratedText('generate-stream-stop-sequence.sse')).toBe(' never value 🚀 mountain ocean');
    expect(textOf(events)).toBe(' never value 🚀 mountain');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'stop_sequence',
      tokens_out: 9,
    });
  });

  it('keeps UTF-8 characters whole when the bytes of data: lines arrive split across chunks', async () => {
    const body = readTgiFixture('generate-stream-length.sse');
    const { url } = await startEngine({
      'POST /generate_stream': { headers: TGI_SSE_HEADERS, chunks: splitIntoByteChunks(body, 3) },
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(' stream.\n builds builds\n € of moves');
  });

  it('stays alive on keep-alive comments during a pause longer than the idle timeout', async () => {
    const [first, ...rest] = splitTgiEvents('generate-stream-length.sse');
    const pause = Array.from({ length: 4 }, () => [{ delayMs: 60 }, ':\n\n']).flat();
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-length.sse', [
        first ?? '',
        ...pause,
        ...rest,
      ]),
    });
    const { adapter } = createAdapter(url, { idleTimeoutMs: 150 });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
  });

  it('fails a stalled stream with idle_timeout and closes the request', async () => {
    const [first, second] = splitTgiEvents('generate-stream-length.sse');
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-length.sse', [
        first ?? '',
        second ?? '',
        { stall: true },
      ]),
    });
    const { adapter } = createAdapter(url, { idleTimeoutMs: 150 });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'idle_timeout', tokens_delivered: 2 });
    await fixture.current?.waitFor(() => streamRequests()[0]?.closedByClient === true);
  });

  it('rejects with ttft_timeout when no first event comes within firstEventTimeoutMs', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-length.sse', [{ stall: true }]),
    });
    const { adapter } = createAdapter(url, { firstEventTimeoutMs: 100 });
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('ttft_timeout');
    await fixture.current?.waitFor(() => streamRequests()[0]?.closedByClient === true);
  });
});

describe('TGI adapter errors inside a 200 stream (specs/engines/tgi.md B.2, OC-ADAPT-5040)', () => {
  it('rejects a validation error sent as the first event, before started, with engine_rejected', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-validation-error.sse'),
    });
    const { adapter } = createAdapter(url);
    const events: StreamEvent[] = [];
    const error = await rejection(async () => {
      for await (const event of adapter.submit(task)) events.push(event);
    });
    expect(events).toEqual([]);
    expect(error.code).toBe('engine_rejected');
    expect(error.retriable).toBe(false);
    expect(error.message).toBe(
      'tgi sent an error event mid-stream (status 422): Input validation error: `top_p` must be > 0.0 and < 1.0',
    );
    expect(error.context).toMatchObject({ engine: 'tgi', status: 422, engine_code: 'validation' });
  });

  it('rejects a prompt that does not fit with context_length_exceeded', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-context-error.sse'),
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('context_length_exceeded');
    expect(error.retriable).toBe(false);
  });

  it('rejects an overloaded router with a retriable engine_overloaded', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-overloaded.sse'),
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_overloaded');
    expect(error.retriable).toBe(true);
    expect(error.message).toContain('Model is overloaded');
  });

  it('ends the stream with a retriable engine_error for a generation error after tokens', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-generation-error.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(' stream.\n builds');
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'engine_error',
      message:
        'tgi sent an error event mid-stream (status 424): Request failed during generation: Server error: CUDA out of memory. Tried to allocate 1.95 GiB',
      retriable: true,
      tokens_delivered: 4,
    });
  });

  it('maps incomplete_generation_stream to engine_error', async () => {
    const [first, second] = splitTgiEvents('generate-stream-length.sse');
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-length.sse', [
        first ?? '',
        second ?? '',
        'data:{"error":"Incomplete generation stream","error_type":"incomplete_generation_stream"}\n\n',
      ]),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: 2 });
  });

  it('ends a stream cut before its final event with stream_truncated (no [DONE] is expected)', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-truncated.sse'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', tokens_delivered: 6 });
  });

  it('rejects with stream_truncated when the stream ends before any event', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-length.sse', []),
    });
    const { adapter } = createAdapter(url);
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('stream_truncated');
  });

  it('rejects with a retriable stream_truncated when the connection breaks before the first event', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-length.sse', [{ destroy: true }]),
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('stream_truncated');
    expect(error.retriable).toBe(true);
  });

  it('fails with engine_protocol_error on an event that is not TGI JSON', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-length.sse', ['data:{"index":"one"}\n\n']),
    });
    const { adapter } = createAdapter(url);
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_protocol_error');
  });

  it("rejects axum's plain-text 422 for a malformed body with engine_rejected", async () => {
    const { url } = await startEngine({
      'POST /generate_stream': {
        status: 422,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Failed to deserialize the JSON body into the target type: missing field `inputs`',
      },
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_rejected');
    expect(error.message).toContain('missing field `inputs`');
  });

  it('rejects with engine_unavailable when the connection is refused', async () => {
    const { adapter } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_unavailable');
  });
});

describe('TGI adapter cancel', () => {
  const stallingStream = () => {
    const [first, second] = splitTgiEvents('generate-stream-length.sse');
    return streamFixtureReply('generate-stream-length.sse', [first ?? '', second ?? '', { stall: true }]);
  };

  it('cancel(taskId) ends the stream with end{cancelled}, no further token, and closes the request', async () => {
    const { url } = await startEngine({ 'POST /generate_stream': stallingStream() });
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
    await fixture.current?.waitFor(() => streamRequests()[0]?.closedByClient === true);
  });

  it('rejects with cancelled when the signal is aborted while waiting for the first event', async () => {
    const { url } = await startEngine({
      'POST /generate_stream': streamFixtureReply('generate-stream-length.sse', [{ stall: true }]),
    });
    const { adapter } = createAdapter(url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(() => collect(adapter.submit(task, { signal: controller.signal })));
    expect(error.code).toBe('cancelled');
    await fixture.current?.waitFor(() => streamRequests()[0]?.closedByClient === true);
  });

  it('rejects with cancelled when the signal is already aborted, sending nothing', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('cancelled');
    expect(streamRequests()).toHaveLength(0);
  });
});

describe('TGI adapter chat messages', () => {
  const chatTask: Task = {
    task_id: 'chat-1',
    model: 'llama',
    messages: [{ role: 'user', content: 'Hi' }],
    max_tokens: 12,
    priority: 'interactive',
  };

  it('templates messages with /chat_tokenize and sends the templated text without extra special tokens', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(chatTask));
    expect(events.at(-1)?.type).toBe('end');
    expect(fixture.current?.requests.find((request) => request.path === '/chat_tokenize')?.json).toEqual({
      messages: chatTask.messages,
    });
    expect(sentBody()).toMatchObject({
      inputs:
        '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
      add_special_tokens: false,
    });
    expect(await adapter.estimateTokens(chatTask)).toEqual({
      prompt_tokens: 11,
      total_tokens: 23,
      method: 'tokenizer',
    });
  });

  it('falls back to a plain transcript, with a warning, when /chat_tokenize is missing', async () => {
    const { url } = await startEngine({ 'POST /chat_tokenize': { status: 404, body: '' } });
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit(chatTask));
    expect(sentBody()?.inputs).toBe('user: Hi\nassistant:');
    expect(sentBody()?.add_special_tokens).toBeUndefined();
    expect(
      logs.filter((line) => line.level === 'warn' && line.message.includes('chat_tokenize')),
    ).toHaveLength(1);
  });

  it("rejects with capability_unsupported when the fallback is 'reject'", async () => {
    const { url } = await startEngine({ 'POST /chat_tokenize': { status: 404, body: '' } });
    const { adapter } = createAdapter(url, { chatTemplateFallback: 'reject' });
    expect((await rejection(() => collect(adapter.submit(chatTask)))).code).toBe('capability_unsupported');
    expect(streamRequests()).toHaveLength(0);
  });
});

describe('TGI adapter health, properties, tokens and metrics (OC-ADAPT-5040, OC-ADAPT-5050)', () => {
  it('reports ready for /health 200, unhealthy for the 503 healthcheck error, down when refused', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect((await adapter.health()).state).toBe('ready');
    fixture.current?.setRoute('GET /health', jsonFixtureReply('health-unhealthy.json', 503));
    expect(await adapter.health()).toMatchObject({ state: 'unhealthy', detail: 'HTTP 503: unhealthy' });
    const { adapter: unreachable } = createAdapter(await findRefusedUrl());
    expect((await unreachable.health()).state).toBe('down');
  });

  it('reads the real engine_version, model, digest, context size and limits from /info, and declares the sampler profile and structured output (OC-ADAPT-5050, ORCH-DET-020, ORCH-API-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.properties()).toEqual({
      engine: 'tgi',
      engine_version: '3.3.6',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      model_digest: 'fa1e5b0c0ffee0ddba11fa1e5b0c0ffee0ddba11',
      context_size: 2048,
      slots_total: 128,
      sampler_profile_version: 'sp-1',
      capabilities: { structured_output: true },
      extra: {
        max_input_tokens: 1024,
        max_stop_sequences: 4,
        max_best_of: 2,
        model_pipeline_tag: 'text-generation',
        router: 'text-generation-router',
        sha: 'fa1e5b0c0ffee0ddba11fa1e5b0c0ffee0ddba11',
        docker_label: 'sha-fa1e5b0',
      },
    });
  });

  it('reads a pre-2.1 /info (max_input_length, model_dtype) too', async () => {
    const { url } = await startEngine({ 'GET /info': jsonFixtureReply('info-legacy.json') });
    const { adapter } = createAdapter(url);
    const properties = await adapter.properties();
    expect(properties).toMatchObject({
      engine_version: '1.4.5',
      model: 'bigscience/bloom-560m',
      context_size: 2048,
    });
    expect(properties.extra).toMatchObject({ max_input_tokens: 1024, model_dtype: 'torch.float16' });
    expect(properties.extra?.sha).toBeUndefined();
  });

  it('reads /info once for the engine version of many tasks', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit(task));
    await collect(adapter.submit({ ...task, task_id: 'task-2' }));
    expect(fixture.requestsTo('/info')).toHaveLength(1);
  });

  it('throws engine_protocol_error when /info has no version, engine_unavailable when down', async () => {
    const { url } = await startEngine({ 'GET /info': { body: '{"model_id":"m"}' } });
    const { adapter } = createAdapter(url);
    expect((await rejection(() => adapter.properties())).code).toBe('engine_protocol_error');
    const { adapter: unreachable } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => unreachable.properties())).code).toBe('engine_unavailable');
  });

  it('estimates tokens with /tokenize (a bare array, BOS included)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'Hello wörld' })).toEqual({
      prompt_tokens: 13,
      total_tokens: 25,
      method: 'tokenizer',
    });
    expect(fixture.current?.requests.find((request) => request.path === '/tokenize')?.json).toEqual({
      inputs: 'Hello wörld',
    });
  });

  it('falls back to a heuristic estimate when the router has no tokenizer (404)', async () => {
    const { url } = await startEngine({ 'POST /tokenize': { status: 404, body: '' } });
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'Hello wörld' })).toEqual({
      prompt_tokens: 5,
      total_tokens: 17,
      method: 'heuristic',
    });
  });

  it('reads the queue and batch gauges and failure counters from /metrics', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const metrics = await adapter.readEngineMetrics();
    expect(metrics).toMatchObject({
      queue_size: 3,
      batch_current_size: 5,
      batch_max_total_tokens: 131072,
      request_count: 6,
      request_failure: { validation: 0, generation: 0, overloaded: 0, dropped: 2 },
    });
    expect(metrics.samples.length).toBeGreaterThan(10);
  });
});

describe('TGI adapter secrets (OC-ADAPT-6020)', () => {
  it('never writes the API key to logs, errors or events, even when the engine echoes it', async () => {
    const echo = (request: { headers: Record<string, string | string[] | undefined> }) => ({
      status: 401,
      body: JSON.stringify({
        error: `Unauthorized ${String(request.headers.authorization)}`,
        error_type: 'auth',
      }),
    });
    const { url } = await startEngine({ 'POST /generate_stream': echo, 'GET /info': echo });
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
    expect(visible).toContain('Unauthorized');
    expect(visible).not.toContain(API_KEY);
  });
});
