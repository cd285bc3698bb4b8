import { checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { collect, rejection, textOf, tokensOf } from '@orch/adapter-utils/testing';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToLlamaCppRequest } from './convert-to-llamacpp-request.js';
import { createLlamaCppAdapter } from './index.js';
import { llamaCppPropsSchema, llamaCppSlotsSchema, llamaCppStreamChunkSchema } from './llamacpp-api-types.js';

// Tests against a real llama-server (specs/engines/real-llama-server.md) running a tiny random-weights model.

const baseTask: Task = {
  task_id: 'real',
  model: 'tiny',
  prompt: 'Once upon a time',
  max_tokens: 64,
  temperature: 1,
  priority: 'interactive',
};

/** The same request the adapter sends, answered without streaming. */
async function completeWithoutStreaming(baseUrl: string, body: Record<string, unknown>) {
  const response = await fetch(`${baseUrl}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cache_prompt: false, ...body, stream: false }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return llamaCppStreamChunkSchema.parse(await response.json());
}

async function readJson<T>(url: string, parse: (value: unknown) => T): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return parse(await response.json());
}

async function readTokensPredictedTotal(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const match = /^llamacpp:tokens_predicted_total (\d+)/m.exec(text);
  return Number(match?.[1]);
}

describe('llama.cpp adapter against a real llama-server (OC-ADAPT-5001)', () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ slots: 2 });
  }, 300_000); // the first start may fetch llama-server from the Debian archive (engine-testkit)
  afterAll(async () => {
    await server?.stop();
  });

  const adapter = () => createLlamaCppAdapter({ baseUrl: server.url, model: 'tiny' });

  it('streams text byte-identical to a non-streamed /completion, over several seeds (OC-ADAPT-5010)', async () => {
    const outputs: string[] = [];
    let cutInsideACharacter = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const task = { ...baseTask, task_id: `identical-${seed}`, seed };
      const events = await collect(adapter().submit(task));
      expect(checkEventSequence(events)).toEqual([]);
      const reference = await completeWithoutStreaming(server.url, {
        ...convertToLlamaCppRequest(task, task.prompt ?? '', { cachePrompt: false }).body,
      });
      // Engine quirk (specs/engines/llamacpp.md D.2): when n_predict ends inside a multi-byte character, the non-streamed content ends
      // with U+FFFD for the partial bytes, while the stream holds them back and never sends them.
      const referenceText = reference.content.endsWith('\uFFFD')
        ? reference.content.slice(0, -1)
        : reference.content;
      if (referenceText !== reference.content) cutInsideACharacter += 1;
      const streamed = textOf(events);
      expect(Buffer.from(streamed, 'utf8').equals(Buffer.from(referenceText, 'utf8'))).toBe(true);
      expect(events.at(-1)).toMatchObject({ type: 'end', tokens_out: reference.tokens_predicted });
      outputs.push(streamed);
    }
    // The byte tokens of the tiny vocabulary make real multi-byte characters: the comparison covered them.
    expect(outputs.some((text) => Buffer.byteLength(text, 'utf8') > text.length)).toBe(true);
    expect(cutInsideACharacter).toBeLessThan(outputs.length);
  }, 30_000);

  it('gives the same token sequence for the same seed twice', async () => {
    const first = await collect(adapter().submit({ ...baseTask, task_id: 'twice-1', seed: 11 }));
    const second = await collect(adapter().submit({ ...baseTask, task_id: 'twice-2', seed: 11 }));
    expect(tokensOf(first).length).toBeGreaterThan(0);
    expect(tokensOf(second)).toEqual(tokensOf(first));
    expect(first[0]).toMatchObject({ type: 'started', seed: 11 });
  }, 20_000);

  it('ends with length when max_tokens is reached', async () => {
    const events = await collect(
      adapter().submit({ ...baseTask, task_id: 'length', seed: 5, max_tokens: 6 }),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'limit',
      tokens_out: 6,
    });
  }, 20_000);

  it('stops at a stop string and leaves it out of the text', async () => {
    const full = textOf(await collect(adapter().submit({ ...baseTask, task_id: 'stop-full', seed: 2 })));
    const stop = full.slice(Math.floor(full.length / 2), Math.floor(full.length / 2) + 3);
    const events = await collect(
      adapter().submit({ ...baseTask, task_id: 'stop-cut', seed: 2, stop: [stop] }),
    );
    expect(textOf(events)).toBe(full.slice(0, full.indexOf(stop)));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'stop', finish_reason_raw: 'word' });
  }, 20_000);

  it('counts prompt tokens with the engine tokenizer exactly as /completion does', async () => {
    const task = { ...baseTask, task_id: 'estimate', prompt: 'Héllo wörld, once upon a time', seed: 3 };
    const estimate = await adapter().estimateTokens(task);
    const events = await collect(adapter().submit(task));
    expect(estimate.method).toBe('tokenizer');
    expect(events.at(-1)).toMatchObject({ type: 'end', tokens_in: estimate.prompt_tokens });
    expect(estimate.total_tokens).toBe(estimate.prompt_tokens + task.max_tokens);
  }, 20_000);

  it('templates chat messages with the server template (/apply-template)', async () => {
    const messages: Task['messages'] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi there' },
    ];
    const { prompt: _prompt, ...withoutPrompt } = baseTask;
    const events = await collect(adapter().submit({ ...withoutPrompt, task_id: 'chat', messages, seed: 4 }));
    const templated = await fetch(`${server.url}/apply-template`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
    });
    const { prompt } = (await templated.json()) as { prompt: string };
    expect(prompt).toContain('<|im_start|>user\nHi there');
    const reference = await completeWithoutStreaming(server.url, {
      ...convertToLlamaCppRequest({ ...baseTask, seed: 4 }, prompt, { cachePrompt: false }).body,
    });
    expect(textOf(events)).toBe(reference.content);
  }, 20_000);

  it('rejects a prompt longer than the context with context_length_exceeded', async () => {
    const error = await rejection(() =>
      collect(adapter().submit({ ...baseTask, task_id: 'too-long', prompt: 'word '.repeat(700) })),
    );
    expect(error.code).toBe('context_length_exceeded');
    expect(error.context).toMatchObject({
      engine: 'llamacpp',
      status: 400,
      engine_code: 'exceed_context_size_error',
    });
  }, 20_000);

  it('reports the real build_info, slots and context size as properties (OC-ADAPT-5011)', async () => {
    const props = await readJson(`${server.url}/props`, (value) => llamaCppPropsSchema.parse(value));
    const properties = await adapter().properties();
    expect(properties.engine_version).toBe(props.build_info);
    const build = /build (\d+)/.exec(server.version)?.[1];
    expect(properties.engine_version).toContain(`b${build}`);
    expect(properties).toMatchObject({
      engine: 'llamacpp',
      slots_total: 2,
      slots_free: 2,
      context_size: 512,
    });
    expect(properties.model).toBe(server.modelPath);
    const events = await collect(
      adapter().submit({ ...baseTask, task_id: 'version', seed: 1, max_tokens: 2 }),
    );
    expect(events[0]).toMatchObject({ type: 'started', engine_version: props.build_info });
  }, 20_000);

  it('reads health and engine metrics (OC-ADAPT-5001a)', async () => {
    expect((await adapter().health()).state).toBe('ready');
    const metrics = await adapter().readEngineMetrics();
    expect(metrics.available).toBe(true);
    expect(metrics.requests_processing).toBe(0);
    expect(metrics.tokens_predicted_total).toBeGreaterThan(0);
  }, 20_000);
});

describe('llama.cpp adapter cancel against a real llama-server (OC-ADAPT-5001)', () => {
  // A model with an 8192-token context and --ignore-eos: 8000 tokens take seconds, so a cancel lands mid-generation.
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({
      slots: 2,
      contextSize: 16_384,
      model: { contextLength: 8192 },
      extraArgs: ['--ignore-eos'],
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const longTask: Task = { ...baseTask, max_tokens: 8000, seed: 3 };

  async function waitForFreeSlots(withinMs: number): Promise<number> {
    const startedAt = performance.now();
    while (performance.now() - startedAt < withinMs) {
      const slots = await readJson(`${server.url}/slots`, (value) => llamaCppSlotsSchema.parse(value));
      if (slots.every((slot) => !slot.is_processing)) return performance.now() - startedAt;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`a slot was still processing after ${withinMs} ms`);
  }

  it('cancel(taskId) stops the tokens at once and the engine frees the slot within a second', async () => {
    const adapter = createLlamaCppAdapter({ baseUrl: server.url, model: 'tiny' });
    const before = await readTokensPredictedTotal(server.url);
    const events: StreamEvent[] = [];
    let tokensAtCancel = -1;
    for await (const event of adapter.submit({ ...longTask, task_id: 'cancel-by-id' })) {
      events.push(event);
      if (event.type === 'token' && event.i === 4) {
        const slots = await readJson(`${server.url}/slots`, (value) => llamaCppSlotsSchema.parse(value));
        expect(slots.some((slot) => slot.is_processing)).toBe(true);
        tokensAtCancel = tokensOf(events).length;
        await adapter.cancel('cancel-by-id');
      }
    }
    expect(tokensOf(events)).toHaveLength(tokensAtCancel);
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    expect(checkEventSequence(events)).toEqual([]);
    await waitForFreeSlots(1000);
    // The engine stopped generating: far fewer than the 8000 tokens asked for were predicted.
    expect((await readTokensPredictedTotal(server.url)) - before).toBeLessThan(8000);
  }, 30_000);

  it('aborting the signal mid-stream frees the slot too', async () => {
    const adapter = createLlamaCppAdapter({ baseUrl: server.url, model: 'tiny' });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit(
      { ...longTask, task_id: 'cancel-by-signal' },
      { signal: controller.signal },
    )) {
      events.push(event);
      if (event.type === 'token' && event.i === 2) controller.abort();
    }
    expect(tokensOf(events)).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    await waitForFreeSlots(1000);
    expect((await adapter.properties()).slots_free).toBe(2);
  }, 30_000);
});

describe('llama.cpp adapter health while the server is down and after a restart', () => {
  let server: RunningLlamaServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('reports down and fails tasks with engine_unavailable while stopped, then ready after restart', async () => {
    server = await startLlamaServer({ slots: 1 });
    const { port, url } = server;
    const adapter = createLlamaCppAdapter({ baseUrl: url, model: 'tiny' });
    expect((await adapter.health()).state).toBe('ready');
    await server.stop();
    expect((await adapter.health()).state).toBe('down');
    expect((await rejection(() => adapter.properties())).code).toBe('engine_unavailable');
    expect((await rejection(() => collect(adapter.submit({ ...baseTask, task_id: 'down' })))).code).toBe(
      'engine_unavailable',
    );
    server = await startLlamaServer({ slots: 1, port });
    expect((await adapter.health()).state).toBe('ready');
    const events = await collect(
      adapter.submit({ ...baseTask, task_id: 'after-restart', seed: 1, max_tokens: 4 }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'end' });
  }, 60_000);
});

describe('llama.cpp adapter against a llama-server with --api-key (OC-ADAPT-6020)', () => {
  const apiKey = 'real-server-key-5f2c9a';
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ slots: 1, extraArgs: ['--api-key', apiKey] });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('authenticates with the key as Bearer', async () => {
    const adapter = createLlamaCppAdapter({ baseUrl: server.url, model: 'tiny', apiKey });
    const events = await collect(adapter.submit({ ...baseTask, task_id: 'keyed', seed: 1, max_tokens: 4 }));
    expect(events.at(-1)).toMatchObject({ type: 'end', tokens_out: 4 });
    expect((await adapter.properties()).engine_version.length).toBeGreaterThan(0);
  }, 20_000);

  it('fails with engine_rejected, and no key in the error, when the key is wrong', async () => {
    const wrongKey = 'wrong-key-7d1e3b';
    const adapter = createLlamaCppAdapter({ baseUrl: server.url, model: 'tiny', apiKey: wrongKey });
    const error = await rejection(() => collect(adapter.submit({ ...baseTask, task_id: 'bad-key' })));
    expect(error.code).toBe('engine_rejected');
    expect(error.context).toMatchObject({ status: 401, engine_code: 'authentication_error' });
    expect(JSON.stringify({ message: error.message, context: error.context })).not.toContain(wrongKey);
  }, 20_000);
});
