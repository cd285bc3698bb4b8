import { checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { closeAfterEach, collect, rejection, textOf } from '@orch/adapter-utils/testing';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import { describe, expect, it } from 'vitest';
import { convertToTgiRequest, createTgiAdapter } from './index.js';

const fakes = closeAfterEach<FakeEngine>();

async function startTgi(options: Parameters<typeof startFakeEngine>[1] = {}) {
  const fake = fakes.track(await startFakeEngine('tgi', { eosAfterTokens: 0, ...options }));
  return { fake, adapter: createTgiAdapter({ baseUrl: fake.url, model: 'llama' }) };
}

const task: Task = {
  task_id: 'fake-1',
  model: 'llama',
  prompt: 'Écris en français: 日本語 🙂',
  max_tokens: 24,
  seed: 11,
  temperature: 0.8,
  priority: 'interactive',
};

/** The same request without streaming, read straight from the fake's `/generate`. */
async function generatedText(engine: FakeEngine, request: Task): Promise<string> {
  const { body } = convertToTgiRequest(request, request.prompt ?? '');
  const response = await fetch(`${engine.url}/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { generated_text: string };
  return answer.generated_text;
}

describe('TGI adapter against the fake TGI router (OC-ADAPT-5040, OC-ADAPT-5050)', () => {
  it("streams exactly the text of the engine's non-streamed /generate, multi-byte characters whole", async () => {
    const { fake, adapter } = await startTgi({ faults: { splitMultibyte: true } });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(await generatedText(fake, task));
    expect(textOf(events)).not.toContain('\uFFFD');
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 24 });
  });

  it('is accepted by TGI validation for greedy tasks, top_p 1.0 and top_k 0', async () => {
    const { adapter } = await startTgi();
    for (const variant of [{ temperature: 0 }, { temperature: 1, top_p: 1, top_k: 0 }]) {
      const events = await collect(
        adapter.submit({ ...task, ...variant, task_id: `v-${JSON.stringify(variant)}` }),
      );
      expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    }
  });

  it('gives byte-identical text for the same seed and different text for another', async () => {
    const { adapter } = await startTgi();
    const first = textOf(await collect(adapter.submit(task)));
    const again = textOf(await collect(adapter.submit({ ...task, task_id: 'fake-2' })));
    const other = textOf(await collect(adapter.submit({ ...task, task_id: 'fake-3', seed: 12 })));
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('leaves a stop string out of the text although TGI sends it', async () => {
    const { adapter } = await startTgi();
    const answer = textOf(await collect(adapter.submit({ ...task, temperature: 0 })));
    const stop = answer.slice(10, 14);
    const events = await collect(adapter.submit({ ...task, temperature: 0, task_id: 'stop', stop: [stop] }));
    expect(textOf(events)).toBe(answer.slice(0, answer.indexOf(stop)));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'stop_sequence',
    });
  });

  it('cancel closes the request: the fake counts an aborted stream and its slot is free again', async () => {
    const { fake, adapter } = await startTgi({ tokensPerSecond: 200 });
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

  it('rejects before started when the router answers overloaded inside the 200 stream', async () => {
    const { fake, adapter } = await startTgi();
    await fake.setFaults({ httpStatus: 429, forRequests: 1 });
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('engine_overloaded');
    expect(error.retriable).toBe(true);
    const events = await collect(adapter.submit({ ...task, task_id: 'after' }));
    expect(events.at(-1)?.type).toBe('end');
  });

  it('ends with one engine_error event when generation fails mid-stream', async () => {
    const { fake, adapter } = await startTgi();
    await fake.setFaults({ errorAfterTokens: 3, forRequests: 1 });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_error', retriable: true });
  });

  it('ends with stream_truncated when the connection drops mid-stream', async () => {
    const { fake, adapter } = await startTgi({ tokensPerSecond: 200 });
    await fake.setFaults({ dropAfterTokens: 3, forRequests: 1 });
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_truncated', retriable: true });
    expect(events.filter((event) => event.type === 'token').length).toBeGreaterThan(0);
  });

  it('reports the real version from /info, down while the port is closed, and ready again', async () => {
    const { fake, adapter } = await startTgi({ version: '3.3.6-fake' });
    expect(await adapter.properties()).toMatchObject({ engine: 'tgi', engine_version: '3.3.6-fake' });
    expect((await adapter.health()).state).toBe('ready');
    await fake.setFaults({ refuse: true });
    expect((await adapter.health()).state).toBe('down');
    expect((await rejection(() => adapter.properties())).code).toBe('engine_unavailable');
    await fake.setFaults({ refuse: false });
    expect((await adapter.health()).state).toBe('ready');
  });

  it('counts prompt tokens with /tokenize as the router does (input_length)', async () => {
    const { adapter } = await startTgi();
    const estimate = await adapter.estimateTokens(task);
    const events = await collect(adapter.submit(task));
    expect(estimate.method).toBe('tokenizer');
    expect(events.at(-1)).toMatchObject({ type: 'end', tokens_in: estimate.prompt_tokens });
  });
});
