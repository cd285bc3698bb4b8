import {
  checkEventSequence,
  deriveSeed,
  type StreamEvent,
  silentLogger,
  type Task,
  TaskError,
} from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCachedRead } from './create-cached-read.js';
import {
  createEngineAdapter,
  type EngineAdapterDescription,
  type EngineFacts,
} from './create-engine-adapter.js';
import { createEngineClient } from './engine-client.js';
import { estimateTokensHeuristically } from './estimate-tokens-heuristically.js';
import { collect } from './testing/collect.js';
import { createFixtureServerPerTest } from './testing/create-fixture-server-per-test.js';
import { rejection } from './testing/rejection.js';

// A toy engine: `{"text":"…"}` pieces, then `{"final":true}`.
const toyMessageSchema = z.union([z.object({ final: z.literal(true) }), z.object({ text: z.string() })]);
const sse = (json: unknown) => `data: ${JSON.stringify(json)}\n\n`;

const task: Task = {
  task_id: 't-1',
  model: 'pool-model',
  prompt: 'hi',
  max_tokens: 8,
  priority: 'interactive',
};

const fixtures = createFixtureServerPerTest(() => ({
  'GET /health': { status: 200, body: 'ok' },
  'GET /version': {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version: 'v9' }),
  },
  'POST /stream': {
    headers: { 'content-type': 'text/event-stream' },
    chunks: [sse({ text: 'He' }), sse({ text: 'llo' }), sse({ final: true })],
  },
  'POST /stall': {
    headers: { 'content-type': 'text/event-stream' },
    chunks: [sse({ text: 'He' }), { stall: true }],
  },
}));

function describeToy(
  baseUrl: string,
  overrides: Partial<EngineAdapterDescription<{ busy: number }>> = {},
): EngineAdapterDescription<{ busy: number }> {
  const client = createEngineClient({ engine: 'toy', baseUrl });
  return {
    engine: 'toy',
    model: 'toy-model',
    client,
    logger: silentLogger,
    health: { path: '/health' },
    engineFacts: createCachedRead(async (signal): Promise<EngineFacts> => {
      const answer = await client.requestJson(z.object({ version: z.string() }), {
        path: '/version',
        signal,
      });
      return { engine_version: answer.version };
    }),
    readProperties: async () => ({
      properties: { engine: 'toy', engine_version: 'v10', model: 'toy-model' },
      engineFacts: { engine_version: 'v10', model_digest: 'sha256:abc' },
    }),
    estimateTokens: async (candidate) =>
      estimateTokensHeuristically(candidate.prompt ?? '', candidate.max_tokens),
    stream: {
      framing: 'sse',
      idleTimeoutMs: 5000,
      open: (_task, signal) => client.request({ path: '/stream', body: {}, signal }),
      createTranslator: () => ({
        translate(message) {
          const parsed = client.parseJson(toyMessageSchema, message.data, 'stream event');
          return 'final' in parsed
            ? [{ type: 'end', end: { finish_reason: 'stop', finish_reason_raw: 'final' } }]
            : [{ type: 'text', text: parsed.text }];
        },
      }),
    },
    ...overrides,
  };
}

/** The toy engine whose stream stalls after its first token, so that a task keeps running. */
function describeStallingToy(baseUrl: string): EngineAdapterDescription<{ busy: number }> {
  const base = describeToy(baseUrl);
  return {
    ...base,
    stream: {
      ...base.stream,
      open: (_task, signal) => base.client.request({ path: '/stall', body: {}, signal }),
    },
  };
}

async function nextEvent(iterator: AsyncIterator<StreamEvent>): Promise<StreamEvent | undefined> {
  const next = await iterator.next();
  return next.done === true ? undefined : next.value;
}

describe('createEngineAdapter', () => {
  it('streams a task with the engine facts, the model and the task seed in started', async () => {
    const { url } = await fixtures.start();
    const adapter = createEngineAdapter(describeToy(url));
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      engine: 'toy',
      engine_version: 'v9',
      model: 'toy-model',
      seed: deriveSeed('t-1'),
    });
    expect(
      events.filter((event) => event.type === 'token').map((event) => event.type === 'token' && event.t),
    ).toEqual(['He', 'llo']);
    expect(adapter.engine).toBe('toy');
  });

  it('refreshes the facts of later started events with those a properties read found', async () => {
    const { url } = await fixtures.start();
    const adapter = createEngineAdapter(describeToy(url));
    expect(await adapter.properties()).toMatchObject({ engine_version: 'v10' });
    const events = await collect(adapter.submit(task));
    expect(events[0]).toMatchObject({ engine_version: 'v10', model_digest: 'sha256:abc' });
    expect(fixtures.requestsTo('/version')).toHaveLength(0);
  });

  it('cancels a running task by id through the abort path of its signal, and counts running tasks', async () => {
    const { url } = await fixtures.start();
    const adapter = createEngineAdapter(describeStallingToy(url));
    const iterator = adapter.submit(task)[Symbol.asyncIterator]();
    expect(await nextEvent(iterator)).toMatchObject({ type: 'started' });
    expect(await nextEvent(iterator)).toMatchObject({ type: 'token', t: 'He' });
    expect(adapter.activeTasks).toBe(1);
    await adapter.cancel('someone-else');
    await adapter.cancel('t-1');
    expect(await nextEvent(iterator)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    expect(await nextEvent(iterator)).toBeUndefined();
    expect(adapter.activeTasks).toBe(0);
  });

  it('cancels every running task on close', async () => {
    const { url } = await fixtures.start();
    const adapter = createEngineAdapter(describeStallingToy(url));
    const iterator = adapter.submit(task)[Symbol.asyncIterator]();
    await nextEvent(iterator);
    await nextEvent(iterator);
    await adapter.close();
    expect(await nextEvent(iterator)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
  });

  it('refuses a second task with the id of a running one (duplicate_task_id)', async () => {
    const { url } = await fixtures.start();
    const adapter = createEngineAdapter(describeStallingToy(url));
    const iterator = adapter.submit(task)[Symbol.asyncIterator]();
    await nextEvent(iterator);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error).toMatchObject({ code: 'duplicate_task_id' });
    await adapter.close();
  });

  it('probes health on the described path, or with the engine’s own probe', async () => {
    const { url } = await fixtures.start();
    expect(await createEngineAdapter(describeToy(url)).health()).toMatchObject({ state: 'ready' });
    const own = createEngineAdapter(describeToy(url, { health: async () => ({ state: 'loading' }) }));
    expect(await own.health()).toEqual({ state: 'loading' });
  });

  it('reads no load without a load source, and maps the metrics of one', async () => {
    const { url } = await fixtures.start();
    expect(await createEngineAdapter(describeToy(url)).readLoad()).toEqual({});
    const loaded = createEngineAdapter(
      describeToy(url, {
        load: { readMetrics: async () => ({ busy: 3 }), toLoad: (m) => ({ running: m.busy }) },
      }),
    );
    expect(await loaded.readLoad()).toEqual({ running: 3 });
    const failing = createEngineAdapter(
      describeToy(url, {
        load: {
          readMetrics: () => Promise.reject(new TaskError('engine_unavailable', 'no metrics')),
          toLoad: (m) => ({ running: m.busy }),
        },
      }),
    );
    expect(await failing.readLoad()).toEqual({});
  });

  it('adds the extras as they are and keeps activeTasks live', async () => {
    const { url } = await fixtures.start();
    const adapter = createEngineAdapter(describeToy(url), { readEngineMetrics: async () => ({ busy: 1 }) });
    expect(await adapter.readEngineMetrics()).toEqual({ busy: 1 });
    expect(adapter.activeTasks).toBe(0);
    expect(Object.getOwnPropertyDescriptor(adapter, 'activeTasks')?.get).toBeTypeOf('function');
  });

  it('estimates tokens as the description says', async () => {
    const { url } = await fixtures.start();
    const adapter = createEngineAdapter(describeToy(url));
    expect(await adapter.estimateTokens(task)).toEqual(estimateTokensHeuristically('hi', 8));
  });
});
