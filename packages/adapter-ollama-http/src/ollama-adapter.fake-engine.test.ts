import { checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { closeAfterEach, collect, rejection, textOf } from '@orch/adapter-utils/testing';
import { type FakeEngine, type FakeEngineOptions, startFakeEngine } from '@orch/fake-engines';
import { describe, expect, it } from 'vitest';
import { convertToOllamaRequest, createOllamaAdapter, type OllamaAdapterSettings } from './index.js';

const fakes = closeAfterEach<FakeEngine>();

async function startOllama(options: FakeEngineOptions = {}, settings: Partial<OllamaAdapterSettings> = {}) {
  const fake = fakes.track(await startFakeEngine('ollama', { eosAfterTokens: 0, ...options }));
  const adapter = createOllamaAdapter({
    baseUrl: fake.url,
    model: 'llama-small',
    ollamaModel: fake.model,
    ...settings,
  });
  return { fake, adapter };
}

const task: Task = {
  task_id: 'fake-1',
  model: 'llama-small',
  prompt: 'Écris en français: 日本語 🙂',
  max_tokens: 24,
  seed: 11,
  temperature: 0.8,
  priority: 'interactive',
};

/** The same request with `stream: false`, answered by the fake as one JSON object. */
async function nonStreamedText(engine: FakeEngine, request: Task): Promise<string> {
  const { request: converted } = convertToOllamaRequest(request, { ollamaModel: engine.model });
  const response = await fetch(`${engine.url}${converted.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...converted.body, stream: false }),
  });
  const answer = (await response.json()) as { response?: string; message?: { content: string } };
  return answer.response ?? answer.message?.content ?? '';
}

describe('Ollama adapter against the fake Ollama server', () => {
  it('streams exactly the non-streamed answer, for /api/generate and /api/chat, characters whole', async () => {
    const { fake, adapter } = await startOllama({ faults: { splitMultibyte: true, emptyTextEvents: true } });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(await nonStreamedText(fake, task));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 24 });
    const { prompt: _prompt, ...rest } = task;
    const chat: Task = { ...rest, task_id: 'chat', messages: [{ role: 'user', content: 'Grüße 🙂' }] };
    expect(textOf(await collect(adapter.submit(chat)))).toBe(await nonStreamedText(fake, chat));
  });

  it('gives byte-identical text for the same seed and different text for another', async () => {
    const { adapter } = await startOllama();
    const first = textOf(await collect(adapter.submit(task)));
    expect(textOf(await collect(adapter.submit({ ...task, task_id: 'again' })))).toBe(first);
    expect(textOf(await collect(adapter.submit({ ...task, task_id: 'other', seed: 12 })))).not.toBe(first);
  });

  it('leaves the stop string out (Ollama cuts it) and ends with stop', async () => {
    const { adapter } = await startOllama();
    const answer = textOf(await collect(adapter.submit({ ...task, temperature: 0 })));
    const stop = answer.slice(10, 14);
    const events = await collect(adapter.submit({ ...task, temperature: 0, task_id: 'stop', stop: [stop] }));
    expect(textOf(events)).toBe(answer.slice(0, answer.indexOf(stop)));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'stop', finish_reason_raw: 'stop' });
  });

  it('cancel closes the request: the fake counts an aborted stream and frees its slot', async () => {
    const { fake, adapter } = await startOllama({ tokensPerSecond: 200 });
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

  it('treats a model load as slow, not failed: health says loading, then the task streams', async () => {
    const { fake, adapter } = await startOllama({}, { idleTimeoutMs: 100 });
    await fake.setFaults({ loadingForMs: 1_500 });
    const running = collect(adapter.submit(task));
    // The load starts when the request reaches the engine (F): poll until health says so.
    let state = (await adapter.health()).state;
    for (let polls = 0; state !== 'loading' && polls < 100; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      state = (await adapter.health()).state;
    }
    expect(state).toBe('loading');
    const events = await running;
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    expect((await adapter.health()).state).toBe('ready');
  });

  it('rejects a model that is not pulled with engine_rejected', async () => {
    const { fake } = await startOllama();
    const adapter = createOllamaAdapter({ baseUrl: fake.url, model: 'mistral' });
    expect((await rejection(() => collect(adapter.submit(task)))).code).toBe('engine_rejected');
    expect(await adapter.health()).toMatchObject({ state: 'unhealthy' });
  });

  it('ends with one engine_error event for an error line mid-stream', async () => {
    const { fake, adapter } = await startOllama();
    await fake.setFaults({ errorAfterTokens: 3, forRequests: 1 });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_error', retriable: true });
  });

  it('reports the real version and digest, and down when the port is closed', async () => {
    const { fake, adapter } = await startOllama({ version: '0.9.0' });
    const properties = await adapter.properties();
    expect(properties).toMatchObject({ engine: 'ollama', engine_version: '0.9.0' });
    expect(properties.model_digest).toMatch(/^[0-9a-f]{64}$/);
    const events = await collect(adapter.submit(task));
    expect(events[0]).toMatchObject({
      type: 'started',
      engine_version: '0.9.0',
      model_digest: properties.model_digest,
    });
    await fake.setFaults({ refuse: true });
    expect((await adapter.health()).state).toBe('down');
  });
});
