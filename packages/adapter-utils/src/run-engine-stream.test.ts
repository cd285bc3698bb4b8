import {
  checkEventSequence,
  isTaskError,
  type StreamEvent,
  type SubmitOptions,
  type Task,
  TaskError,
} from '@orch/adapter-api';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEngineJson } from './parse-engine-json.js';
import { requestEngine } from './request-engine.js';
import { type EngineStreamSpec, type EngineStreamStep, runEngineStream } from './run-engine-stream.js';
import { createTaskRegistry } from './task-registry.js';
import {
  type FixtureChunk,
  type FixtureServer,
  findRefusedUrl,
  splitIntoByteChunks,
  startFixtureServer,
} from './testing/start-fixture-server.js';

// A toy engine: `{"text":"…"}` pieces, `{"final":true,"reason":"eos","n":3}` last, `{"error":"…"}` on failure.
const toyMessageSchema = z.union([
  z.object({ final: z.literal(true), reason: z.string(), n: z.number().int() }),
  z.object({ error: z.string() }),
  z.object({ text: z.string() }),
]);

function translateToy(data: string): EngineStreamStep[] {
  const message = parseEngineJson(toyMessageSchema, data, { engine: 'toy', what: 'stream event' });
  if ('final' in message) {
    return [
      {
        type: 'end',
        end: { finish_reason: 'stop', finish_reason_raw: message.reason, tokens_out: message.n },
      },
    ];
  }
  if ('error' in message) return [{ type: 'error', error: new TaskError('engine_error', message.error) }];
  return [
    { type: 'text', text: message.text },
    { type: 'metrics', metrics: { note: 'piece' } },
  ];
}

const task: Task = {
  task_id: 't-1',
  model: 'toy-model',
  prompt: 'hi',
  max_tokens: 8,
  priority: 'interactive',
};
const sse = (json: unknown) => `data: ${JSON.stringify(json)}\n\n`;
const NORMAL = [
  sse({ text: 'Hel' }),
  sse({ text: '' }),
  sse({ text: 'lo ' }),
  sse({ text: 'wörld 🙂' }),
  sse({ final: true, reason: 'eos', n: 3 }),
];

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function createSpec(
  baseUrl: string,
  overrides: Partial<EngineStreamSpec> = {},
  options: SubmitOptions = {},
): EngineStreamSpec {
  return {
    task,
    options,
    engine: 'toy',
    replica: baseUrl,
    framing: 'sse',
    startedFacts: () => ({ engine: 'toy', engine_version: 'v1.2.3', seed: 42, model: 'toy-model' }),
    open: (signal) =>
      requestEngine({ engine: 'toy', baseUrl, path: '/stream', body: { prompt: task.prompt }, signal }),
    createTranslator: () => ({ translate: (message) => translateToy(message.data) }),
    ...overrides,
  };
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

async function firstRejection(stream: AsyncIterable<StreamEvent>): Promise<TaskError> {
  try {
    await collect(stream);
  } catch (error) {
    if (isTaskError(error)) return error;
    throw error;
  }
  throw new Error('expected the stream to reject');
}

const tokensOf = (events: StreamEvent[]) =>
  events.flatMap((event) => (event.type === 'token' ? [event.t] : []));

async function serve(chunks: readonly FixtureChunk[]): Promise<FixtureServer> {
  server = await startFixtureServer({
    'POST /stream': { headers: { 'content-type': 'text/event-stream' }, chunks },
  });
  return server;
}

describe('runEngineStream', () => {
  it('yields started, numbered tokens without empty ones, metrics and one end (OC-ADAPT-6011)', async () => {
    const { url } = await serve(NORMAL);
    const events = await collect(runEngineStream(createSpec(url)));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      task_id: 't-1',
      engine: 'toy',
      engine_version: 'v1.2.3',
      seed: 42,
    });
    expect(events.filter((event) => event.type === 'token')).toEqual([
      { type: 'token', i: 0, t: 'Hel' },
      { type: 'token', i: 1, t: 'lo ' },
      { type: 'token', i: 2, t: 'wörld 🙂' },
    ]);
    expect(events.filter((event) => event.type === 'metrics')).toHaveLength(4);
    const end = events.at(-1);
    expect(end).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'eos',
      tokens_out: 3,
    });
    expect(end?.type === 'end' && end.ttft_ms !== undefined && end.decode_ms !== undefined).toBe(true);
  });

  it('keeps UTF-8 characters whole when the bytes are split across chunks', async () => {
    const { url } = await serve(splitIntoByteChunks(NORMAL.join(''), 3));
    const events = await collect(runEngineStream(createSpec(url)));
    expect(tokensOf(events).join('')).toBe('Hello wörld 🙂');
    expect(checkEventSequence(events)).toEqual([]);
  });

  it('turns an error message after started into one error event with tokens_delivered', async () => {
    const { url } = await serve([
      sse({ text: 'a' }),
      sse({ text: 'b' }),
      sse({ error: 'slot crashed' }),
      sse({ text: 'never' }),
    ]);
    const events = await collect(runEngineStream(createSpec(url)));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'engine_error',
      message: 'slot crashed',
      retriable: true,
      tokens_delivered: 2,
    });
    expect(tokensOf(events)).toEqual(['a', 'b']);
  });

  it('ends with stream_truncated when the body ends before the final message', async () => {
    const { url } = await serve([sse({ text: 'a' }), 'data: {"text":"unterminated"']);
    const events = await collect(runEngineStream(createSpec(url)));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', tokens_delivered: 1 });
  });

  it('ends with stream_truncated when the connection is reset mid-stream', async () => {
    const { url } = await serve([sse({ text: 'a' }), { delayMs: 20 }, { destroy: true }]);
    const events = await collect(runEngineStream(createSpec(url)));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', tokens_delivered: 1 });
  });

  it('accepts EOF when the translator says the stream is complete', async () => {
    const { url } = await serve([sse({ text: 'a' })]);
    const spec = createSpec(url, {
      createTranslator: () => ({
        translate: (message) => translateToy(message.data),
        finish: () => [{ type: 'end', end: { finish_reason: 'other', finish_reason_raw: 'eof' } }],
      }),
    });
    const events = await collect(runEngineStream(spec));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason_raw: 'eof' });
  });

  it('fails a stalled stream with idle_timeout and closes the request', async () => {
    const { url } = await serve([sse({ text: 'a' }), { stall: true }]);
    const events = await collect(runEngineStream(createSpec(url, { idleTimeoutMs: 150 })));
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'idle_timeout',
      retriable: true,
      tokens_delivered: 1,
    });
    await server?.waitFor(() => server?.requests[0]?.closedByClient === true);
  });

  it('turns an invalid engine message into engine_protocol_error', async () => {
    const { url } = await serve([sse({ text: 'a' }), 'data: {"surprise":1}\n\n']);
    const events = await collect(runEngineStream(createSpec(url)));
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'engine_protocol_error',
      tokens_delivered: 1,
    });
  });

  it('reads NDJSON framing', async () => {
    const lines = ['{"text":"x"}\n', '{"text":"ÿ"}\r\n', '\n', '{"final":true,"reason":"eos","n":2}'];
    const { url } = await serve(splitIntoByteChunks(lines.join(''), 5));
    const events = await collect(runEngineStream(createSpec(url, { framing: 'ndjson' })));
    expect(tokensOf(events)).toEqual(['x', 'ÿ']);
    expect(events.at(-1)?.type).toBe('end');
  });

  it('on abort mid-stream delivers no more tokens, ends with end{cancelled} and closes the request', async () => {
    const { url } = await serve([sse({ text: 'a' }), sse({ text: 'b' }), { stall: true }]);
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of runEngineStream(createSpec(url, {}, { signal: controller.signal }))) {
      events.push(event);
      if (event.type === 'token' && event.i === 0) controller.abort();
    }
    expect(tokensOf(events)).toEqual(['a']);
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    expect(checkEventSequence(events)).toEqual([]);
    await server?.waitFor(() => server?.requests[0]?.closedByClient === true);
  });

  it('cancels through the registry while waiting for bytes', async () => {
    const { url } = await serve([sse({ text: 'a' }), { stall: true }]);
    const registry = createTaskRegistry();
    const events: StreamEvent[] = [];
    for await (const event of runEngineStream(createSpec(url, { registry }))) {
      events.push(event);
      if (event.type === 'token') setTimeout(() => void registry.cancel('t-1'), 20);
    }
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    expect(registry.size).toBe(0);
    await server?.waitFor(() => server?.requests[0]?.closedByClient === true);
  });

  it('rejects with cancelled before started when the signal is already aborted', async () => {
    const { url } = await serve(NORMAL);
    const error = await firstRejection(runEngineStream(createSpec(url, {}, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('cancelled');
    expect(server?.requests).toHaveLength(0);
  });

  it('rejects with cancelled when cancelled while the request is opening', async () => {
    server = await startFixtureServer({
      'POST /stream': async () => {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        return { body: '' };
      },
    });
    const registry = createTaskRegistry();
    const stream = runEngineStream(createSpec(server.url, { registry }));
    setTimeout(() => void registry.cancel('t-1'), 50);
    expect((await firstRejection(stream)).code).toBe('cancelled');
    expect(registry.has('t-1')).toBe(false);
  });

  it('rejects with the mapped TaskError when the engine fails before streaming', async () => {
    const error = await firstRejection(runEngineStream(createSpec(await findRefusedUrl())));
    expect(error.code).toBe('engine_unavailable');
  });

  it('rejects when the started facts cannot be read', async () => {
    const { url } = await serve(NORMAL);
    const spec = createSpec(url, {
      startedFacts: () => Promise.reject(new TaskError('engine_unavailable', 'no /props')),
    });
    expect((await firstRejection(runEngineStream(spec))).message).toBe('no /props');
    expect(server?.requests).toHaveLength(0);
  });

  it('refuses a second stream with the same task id while the first runs', async () => {
    const { url } = await serve([sse({ text: 'a' }), { stall: true }]);
    const registry = createTaskRegistry();
    const first = runEngineStream(createSpec(url, { registry }))[Symbol.asyncIterator]();
    await first.next();
    const error = await firstRejection(runEngineStream(createSpec(url, { registry })));
    expect(error.code).toBe('duplicate_task_id');
    await first.return?.(undefined);
    expect(registry.size).toBe(0);
  });

  it('closes the request when the consumer stops reading early', async () => {
    const { url } = await serve([sse({ text: 'a' }), { stall: true }]);
    for await (const event of runEngineStream(createSpec(url))) {
      if (event.type === 'token') break;
    }
    await server?.waitFor(() => server?.requests[0]?.closedByClient === true);
  });
});
