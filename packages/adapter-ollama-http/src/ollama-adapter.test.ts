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
import { createOllamaAdapter, type OllamaAdapterSettings } from './index.js';
import {
  createOllamaRoutes,
  jsonFixtureReply,
  readOllamaFixture,
  readStreamedText,
  splitOllamaLines,
  streamFixtureReply,
} from './ollama-fixtures.js';

const API_KEY = 'ollama-secret-key-0123456789';
const DIGEST = '8ea9c908e777ca6197c8368c9974027595c06390f6f02adc310ee63c2fe93f81';
const task: Task = {
  task_id: 'task-1',
  model: 'llama-small',
  prompt: 'Hello',
  max_tokens: 12,
  seed: 2,
  temperature: 0.8,
  priority: 'interactive',
};
const chatTask: Task = {
  task_id: 'chat-1',
  model: 'llama-small',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ],
  max_tokens: 4,
  seed: 2,
  priority: 'interactive',
};

const fixture = createFixtureServerPerTest(() => createOllamaRoutes());
const startEngine = fixture.start;

function createAdapter(baseUrl: string, overrides: Partial<OllamaAdapterSettings> = {}) {
  const { logger, logs } = createRecordingLogger();
  const adapter = createOllamaAdapter({
    baseUrl,
    model: 'llama-small',
    ollamaModel: 'llama3.2:1b',
    apiKey: API_KEY,
    logger,
    ...overrides,
  });
  return { adapter, logs };
}

const inferenceRequests = () =>
  fixture.current?.requests.filter(
    (request) => request.path.startsWith('/api/generate') || request.path.startsWith('/api/chat'),
  ) ?? [];
const sentBody = (index = 0) => inferenceRequests()[index]?.json as Record<string, unknown> | undefined;

describe('Ollama adapter streaming (fixture replay)', () => {
  it('streams /api/generate NDJSON as started, tokens and a stop end with the engine counts', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      engine: 'ollama',
      engine_version: '0.12.6',
      model: 'llama-small',
      model_digest: DIGEST,
      seed: 2,
    });
    expect(textOf(events)).toBe(readStreamedText('generate-stream-stop.ndjson'));
    expect(textOf(events)).toBe(' garden always € orchestrator orchestrator');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'stop',
      tokens_in: 6,
      tokens_out: 9,
      decode_ms: 0.322451,
    });
  });

  it('sends the prompt raw to /api/generate with the options mapped, every sampler profile option included, the key as Bearer (ORCH-DET-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url, { keepAlive: '10m', numCtx: 8192 });
    await collect(adapter.submit({ ...task, top_k: 40, top_p: 0.9, min_p: 0.05, stop: ['\n\n'] }));
    expect(inferenceRequests()[0]?.path).toBe('/api/generate');
    expect(sentBody()).toEqual({
      model: 'llama3.2:1b',
      stream: true,
      options: {
        seed: 2,
        num_predict: 12,
        temperature: 0.8,
        top_k: 40,
        top_p: 0.9,
        min_p: 0.05,
        typical_p: 1,
        repeat_penalty: 1,
        repeat_last_n: 0,
        presence_penalty: 0,
        frequency_penalty: 0,
        mirostat: 0,
        stop: ['\n\n'],
        num_ctx: 8192,
      },
      keep_alive: '10m',
      prompt: 'Hello',
      raw: true,
    });
    expect(inferenceRequests()[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('sends messages to /api/chat and streams message.content, ending with length', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(chatTask));
    expect(inferenceRequests()[0]?.path).toBe('/api/chat');
    expect(sentBody()).toMatchObject({ model: 'llama3.2:1b', messages: chatTask.messages, stream: true });
    expect(sentBody()?.raw).toBeUndefined();
    expect(textOf(events)).toBe(' moves stream — replica');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'length',
      tokens_in: 27,
      tokens_out: 4,
    });
  });

  it('derives the seed from the task id when the task has none', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const { seed: _seed, ...unseeded } = task;
    const events = await collect(adapter.submit(unseeded));
    expect(sentBody()?.options).toMatchObject({ seed: deriveSeed('task-1') });
    expect(events[0]).toMatchObject({ type: 'started', seed: deriveSeed('task-1') });
  });

  it('reports a load-only answer (done_reason load) as other, keeping the raw reason', async () => {
    const { url } = await startEngine({ 'POST /api/generate': jsonFixtureReply('generate-load.json') });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit({ ...task, prompt: '' }));
    expect(events.at(-1)).toEqual({ type: 'end', finish_reason: 'other', finish_reason_raw: 'load' });
  });

  it('reads a 0.1.x final line without done_reason from eval_count', async () => {
    const { url } = await startEngine({
      'POST /api/generate': streamFixtureReply('generate-stream-no-done-reason.ndjson'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'stop', finish_reason_raw: 'none' });
  });

  it('keeps UTF-8 characters whole when line bytes arrive split across chunks', async () => {
    const body = readOllamaFixture('generate-stream-stop.ndjson');
    const { url } = await startEngine({
      'POST /api/generate': {
        headers: { 'content-type': 'application/x-ndjson' },
        chunks: splitIntoByteChunks(body, 5),
      },
    });
    const { adapter } = createAdapter(url);
    expect(textOf(await collect(adapter.submit(task)))).toBe(' garden always € orchestrator orchestrator');
  });

  it('waits for a slow first line (a model load) beyond the idle timeout, within the first-line budget', async () => {
    const { url } = await startEngine({
      'POST /api/generate': streamFixtureReply('generate-stream-stop.ndjson', [
        { delayMs: 300 },
        ...splitOllamaLines('generate-stream-stop.ndjson'),
      ]),
    });
    const { adapter } = createAdapter(url, { idleTimeoutMs: 100, firstLineTimeoutMs: 5000 });
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'stop' });
  });

  it('fails with ttft_timeout when the first line misses its budget, and idle_timeout for a stall later', async () => {
    const [first] = splitOllamaLines('generate-stream-stop.ndjson');
    const { url } = await startEngine({
      'POST /api/generate': streamFixtureReply('generate-stream-stop.ndjson', [{ stall: true }]),
    });
    const { adapter } = createAdapter(url, { firstLineTimeoutMs: 100 });
    expect((await collect(adapter.submit(task))).at(-1)).toMatchObject({
      type: 'error',
      code: 'ttft_timeout',
    });
    fixture.current?.setRoute(
      'POST /api/generate',
      streamFixtureReply('generate-stream-stop.ndjson', [first ?? '', { stall: true }]),
    );
    const { adapter: stalled } = createAdapter(url, { idleTimeoutMs: 100 });
    const events = await collect(stalled.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'idle_timeout', tokens_delivered: 1 });
  });
});

describe('Ollama adapter errors (F)', () => {
  it('turns an {"error"} line inside the stream into one retriable engine_error event', async () => {
    const { url } = await startEngine({
      'POST /api/generate': streamFixtureReply('generate-stream-error.ndjson'),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(' garden always ');
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'engine_error',
      message:
        'ollama sent an error event mid-stream (status 500): an error was encountered while running the model: CUDA error: out of memory',
      retriable: true,
      tokens_delivered: 3,
    });
  });

  it('rejects a model that is not pulled (404) with engine_rejected, before started', async () => {
    const { url } = await startEngine({
      'POST /api/generate': jsonFixtureReply('http-404-model-not-found.json', 404),
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_rejected');
    expect(error.retriable).toBe(false);
    expect(error.message).toBe('ollama answered HTTP 404: model "mistral" not found, try pulling it first');
  });

  it('rejects a full queue (503 server busy) with a retriable engine_overloaded', async () => {
    const { url } = await startEngine({
      'POST /api/generate': jsonFixtureReply('http-503-server-busy.json', 503),
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_overloaded');
    expect(error.retriable).toBe(true);
  });

  it('rejects a 400 with engine_rejected and a 500 with engine_error', async () => {
    const { url } = await startEngine({
      'POST /api/generate': { status: 400, body: '{"error":"invalid options"}' },
    });
    const { adapter } = createAdapter(url);
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_rejected');
    fixture.current?.setRoute('POST /api/generate', {
      status: 500,
      body: '{"error":"llama runner process has terminated"}',
    });
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_error');
  });

  it('ends a stream cut before its done line with stream_truncated', async () => {
    const lines = splitOllamaLines('generate-stream-stop.ndjson').slice(0, 3);
    const { url } = await startEngine({
      'POST /api/generate': streamFixtureReply('generate-stream-stop.ndjson', lines),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', tokens_delivered: 3 });
  });

  it('fails with engine_protocol_error on a line that is not Ollama JSON', async () => {
    const { url } = await startEngine({
      'POST /api/generate': streamFixtureReply('generate-stream-stop.ndjson', ['<html>\n']),
    });
    const { adapter } = createAdapter(url);
    expect((await collect(adapter.submit(task))).at(-1)).toMatchObject({
      type: 'error',
      code: 'engine_protocol_error',
    });
  });

  it('rejects with engine_unavailable when the connection is refused', async () => {
    const { adapter } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_unavailable');
  });

  it('warns about task fields Ollama cannot take', async () => {
    const { url } = await startEngine();
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit(Object.assign({ logprobs: 3 }, task)));
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'Ollama adapter drops task fields it cannot send',
      fields: { task_id: 'task-1', fields: ['logprobs'] },
    });
  });
});

describe('Ollama adapter cancel', () => {
  it('cancel(taskId) ends the stream with end{cancelled}, no further token, and closes the request', async () => {
    const [first, second] = splitOllamaLines('generate-stream-stop.ndjson');
    const { url } = await startEngine({
      'POST /api/generate': streamFixtureReply('generate-stream-stop.ndjson', [
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
    await fixture.current?.waitFor(() => inferenceRequests()[0]?.closedByClient === true);
  });

  it('rejects with cancelled when the signal is already aborted, sending nothing', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('cancelled');
    expect(inferenceRequests()).toHaveLength(0);
  });
});

describe('Ollama adapter health, properties and tokens', () => {
  it('reports ready when the model is loaded (/api/ps)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect((await adapter.health()).state).toBe('ready');
    expect(fixture.requestsTo('/api/tags')).toHaveLength(0);
  });

  it('reports ready for a pulled model that is not loaded: Ollama loads it on first use', async () => {
    const { url } = await startEngine({ 'GET /api/ps': jsonFixtureReply('ps-empty.json') });
    const { adapter } = createAdapter(url);
    expect((await adapter.health()).state).toBe('ready');
  });

  it('reports loading while a first request waits for the model to load, ready once it answers', async () => {
    const { url } = await startEngine({
      'GET /api/ps': jsonFixtureReply('ps-empty.json'),
      'POST /api/generate': async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return streamFixtureReply('generate-stream-stop.ndjson');
      },
    });
    const { adapter } = createAdapter(url);
    const running = collect(adapter.submit(task));
    await fixture.current?.waitFor(() => inferenceRequests().length === 1);
    expect(await adapter.health()).toMatchObject({
      state: 'loading',
      detail: 'loading llama3.2:1b: a first request is pending',
    });
    expect((await running).at(-1)?.type).toBe('end');
    expect((await adapter.health()).state).toBe('ready');
  });

  it('reports unhealthy when the model is not pulled, down when nothing listens', async () => {
    const { url } = await startEngine({ 'GET /api/ps': jsonFixtureReply('ps-empty.json') });
    const { adapter } = createAdapter(url, { ollamaModel: 'mistral' });
    expect(await adapter.health()).toMatchObject({
      state: 'unhealthy',
      detail: 'model mistral is not pulled',
    });
    const { adapter: unreachable } = createAdapter(await findRefusedUrl());
    expect((await unreachable.health()).state).toBe('down');
  });

  it('reads version, digest, details and context size from /api/version, /api/tags and /api/ps, and declares the sampler profile and structured output (ORCH-DET-020, ORCH-API-021)', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.properties()).toEqual({
      engine: 'ollama',
      engine_version: '0.12.6',
      model: 'llama3.2:1b',
      model_digest: DIGEST,
      context_size: 4096,
      sampler_profile_version: 'sp-1',
      capabilities: { structured_output: true },
      extra: {
        pulled: true,
        loaded: true,
        family: 'llama',
        parameter_size: '1.2B',
        quantization_level: 'Q8_0',
        format: 'gguf',
        size_bytes: 1321098329,
      },
    });
  });

  it('reports the configured num_ctx as the context size, and a model given without its tag', async () => {
    const { url } = await startEngine({ 'GET /api/ps': jsonFixtureReply('ps-empty.json') });
    const { adapter } = createAdapter(url, { numCtx: 8192, ollamaModel: 'llama3.2:1b' });
    expect(await adapter.properties()).toMatchObject({ context_size: 8192, extra: { loaded: false } });
  });

  it('reads /api/version and /api/tags once for the started facts of many tasks', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    await collect(adapter.submit(task));
    await collect(adapter.submit({ ...task, task_id: 'task-2' }));
    expect(fixture.requestsTo('/api/version')).toHaveLength(1);
    expect(fixture.requestsTo('/api/tags')).toHaveLength(1);
  });

  it('throws engine_protocol_error when /api/version has no version, engine_unavailable when down', async () => {
    const { url } = await startEngine({ 'GET /api/version': { body: '{}' } });
    const { adapter } = createAdapter(url);
    expect((await rejection(() => adapter.properties())).code).toBe('engine_protocol_error');
    const { adapter: unreachable } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => unreachable.properties())).code).toBe('engine_unavailable');
  });

  it('estimates tokens with the documented heuristic, with a per-turn overhead for chat', async () => {
    const { url } = await startEngine();
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'Hello wörld' })).toEqual({
      prompt_tokens: 5,
      total_tokens: 17,
      method: 'heuristic',
    });
    expect(await adapter.estimateTokens(chatTask)).toEqual({
      prompt_tokens: 13,
      total_tokens: 17,
      method: 'heuristic',
    });
  });
});

describe('Ollama adapter secrets (OC-ADAPT-6020)', () => {
  it('never writes the API key to errors or logs, even when a proxy echoes it', async () => {
    const echo = (request: { headers: Record<string, string | string[] | undefined> }) => ({
      status: 401,
      body: JSON.stringify({ error: `unauthorized ${String(request.headers.authorization)}` }),
    });
    const { url } = await startEngine({ 'POST /api/generate': echo, 'GET /api/version': echo });
    const { adapter, logs } = createAdapter(url);
    const errors = [
      await rejection(() => collect(adapter.submit(task))),
      await rejection(() => adapter.properties()),
    ];
    const visible = JSON.stringify({
      errors: errors.map((error) => ({ message: error.message, context: error.context })),
      logs,
    });
    expect(visible).toContain('unauthorized');
    expect(visible).not.toContain(API_KEY);
  });
});
