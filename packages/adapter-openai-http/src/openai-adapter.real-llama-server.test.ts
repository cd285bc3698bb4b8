import { checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { collect, rejection, textOf } from '@orch/adapter-utils/testing';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAiAdapter, type OpenAiAdapterSettings } from './index.js';

// Tests against a real llama-server's OpenAI-compatible routes (specs/engines/llamacpp.md D.3, specs/engines/real-llama-server.md), with the tiny model.

const API_KEY = 'llama-openai-key-0123456789abcdef';
/** llama-server reuses the KV cache by default, which can break byte-identical replays (specs/engines/cross-engine.md E.6). */
const DETERMINISTIC = { extraBody: { cache_prompt: false } } satisfies Partial<OpenAiAdapterSettings>;

const baseTask: Task = {
  task_id: 'real',
  model: 'tiny',
  prompt: 'Once upon a time',
  max_tokens: 48,
  temperature: 1,
  priority: 'interactive',
};

/** True when the text holds a character outside ASCII (a multi-byte character in UTF-8). */
const hasNonAscii = (text: string) =>
  Array.from(text).some((character) => (character.codePointAt(0) ?? 0) > 0x7f);

const answerSchema = z.object({
  choices: z.array(
    z.object({
      text: z.string().optional(),
      message: z.object({ content: z.string() }).optional(),
      finish_reason: z.string(),
    }),
  ),
  usage: z.object({ completion_tokens: z.number().int(), prompt_tokens: z.number().int() }),
  system_fingerprint: z.string(),
});

/** The same request the adapter sends, answered without streaming. */
async function answerWithoutStreaming(baseUrl: string, task: Task, headers: Record<string, string> = {}) {
  const chat = task.prompt === undefined;
  const response = await fetch(`${baseUrl}${chat ? '/v1/chat/completions' : '/v1/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      model: task.model,
      ...(chat ? { messages: task.messages } : { prompt: task.prompt }),
      max_tokens: task.max_tokens,
      seed: task.seed,
      // The sampler profile's fields, as the adapter sends them (ORCH-DET-021).
      temperature: task.temperature ?? 1,
      top_p: task.top_p ?? 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      cache_prompt: false,
      stream: false,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  const answer = answerSchema.parse(await response.json());
  const choice = answer.choices[0];
  return { ...answer, text: choice?.text ?? choice?.message?.content ?? '', finish: choice?.finish_reason };
}

/** Engine quirk (specs/engines/llamacpp.md D.2): a non-streamed answer cut inside a character ends with U+FFFD the stream never sends. */
const withoutTrailingPartial = (text: string) => (text.endsWith('\uFFFD') ? text.slice(0, -1) : text);

describe('OpenAI-compatible adapter against a real llama-server (OC-ADAPT-6000, OC-ADAPT-6001, OC-ADAPT-6011)', () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ slots: 2 });
  }, 300_000); // the first start may fetch llama-server from the Debian archive (engine-testkit)
  afterAll(async () => {
    await server?.stop();
  });

  const adapter = () => createOpenAiAdapter({ baseUrl: server.url, model: 'tiny', ...DETERMINISTIC });

  it('streams /v1/completions text byte-identical to the non-streamed answer, over several seeds', async () => {
    const outputs: string[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const task = { ...baseTask, task_id: `identical-${seed}`, seed };
      const events = await collect(adapter().submit(task));
      expect(checkEventSequence(events)).toEqual([]);
      const reference = await answerWithoutStreaming(server.url, task);
      const streamed = textOf(events);
      expect(
        Buffer.from(streamed, 'utf8').equals(Buffer.from(withoutTrailingPartial(reference.text), 'utf8')),
      ).toBe(true);
      expect(events.at(-1)).toMatchObject({
        type: 'end',
        finish_reason_raw: reference.finish,
        tokens_in: reference.usage.prompt_tokens,
        tokens_out: reference.usage.completion_tokens,
      });
      outputs.push(streamed);
    }
    expect(new Set(outputs).size).toBeGreaterThan(1);
    expect(outputs.some(hasNonAscii)).toBe(true);
  }, 60_000);

  it('streams chat turns equal to the non-streamed chat answer', async () => {
    const { prompt: _prompt, ...withoutPrompt } = baseTask;
    const task: Task = {
      ...withoutPrompt,
      task_id: 'chat',
      seed: 4,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi there' },
      ],
    };
    const events = await collect(adapter().submit(task));
    const reference = await answerWithoutStreaming(server.url, task);
    expect(textOf(events)).toBe(withoutTrailingPartial(reference.text));
    expect(events.at(-1)).toMatchObject({ type: 'end', tokens_in: reference.usage.prompt_tokens });
  }, 20_000);

  it('gives the same text for the same seed and ends with length at max_tokens', async () => {
    const first = await collect(adapter().submit({ ...baseTask, task_id: 'seed-a', seed: 11 }));
    const again = await collect(adapter().submit({ ...baseTask, task_id: 'seed-b', seed: 11 }));
    expect(textOf(again)).toBe(textOf(first));
    const short = await collect(adapter().submit({ ...baseTask, task_id: 'short', seed: 5, max_tokens: 5 }));
    expect(short.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 5 });
  }, 20_000);

  it("reports the server's own build as engine_version, in properties and started (OC-ADAPT-6010)", async () => {
    const props = z
      .object({ build_info: z.string() })
      .parse(await (await fetch(`${server.url}/props`)).json());
    const properties = await adapter().properties();
    expect(properties).toMatchObject({
      engine: 'openai',
      engine_version: props.build_info,
      model: server.modelPath,
      context_size: 512,
    });
    const events = await collect(
      adapter().submit({ ...baseTask, task_id: 'version', seed: 1, max_tokens: 2 }),
    );
    expect(events[0]).toMatchObject({ type: 'started', engine_version: props.build_info });
    const reference = await answerWithoutStreaming(server.url, { ...baseTask, seed: 1, max_tokens: 2 });
    expect(reference.system_fingerprint).toBe(props.build_info);
  }, 20_000);

  it('counts prompt tokens with /tokenize exactly as /v1/completions does', async () => {
    const task = { ...baseTask, task_id: 'estimate', prompt: 'Héllo wörld, once upon a time', seed: 3 };
    const estimate = await adapter().estimateTokens(task);
    const events = await collect(adapter().submit(task));
    expect(estimate.method).toBe('tokenizer');
    expect(events.at(-1)).toMatchObject({ type: 'end', tokens_in: estimate.prompt_tokens });
  }, 20_000);

  it('reports ready, and rejects a prompt longer than the context with context_length_exceeded', async () => {
    expect((await adapter().health()).state).toBe('ready');
    const error = await rejection(() =>
      collect(adapter().submit({ ...baseTask, task_id: 'too-long', prompt: 'word '.repeat(700) })),
    );
    expect(error.code).toBe('context_length_exceeded');
  }, 20_000);
});

describe('OpenAI-compatible adapter cancel against a real llama-server (OC-ADAPT-6000)', () => {
  // --ignore-eos and a long context: 8000 tokens take seconds, so a cancel lands mid-generation.
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

  async function busySlots(): Promise<number> {
    const slots = z
      .array(z.object({ is_processing: z.boolean() }))
      .parse(await (await fetch(`${server.url}/slots`)).json());
    return slots.filter((slot) => slot.is_processing).length;
  }

  it('cancel(taskId) stops the tokens at once and llama-server frees the slot', async () => {
    const adapter = createOpenAiAdapter({ baseUrl: server.url, model: 'tiny', ...DETERMINISTIC });
    const events: StreamEvent[] = [];
    let busyDuringStream = 0;
    for await (const event of adapter.submit({ ...baseTask, task_id: 'cancel', seed: 3, max_tokens: 8000 })) {
      events.push(event);
      if (event.type === 'token' && event.i === 4) {
        busyDuringStream = await busySlots();
        await adapter.cancel('cancel');
      }
    }
    expect(busyDuringStream).toBe(1);
    expect(events.filter((event) => event.type === 'token')).toHaveLength(5);
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    const deadline = performance.now() + 3000;
    while ((await busySlots()) > 0 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await busySlots()).toBe(0);
  }, 30_000);
});

describe('OpenAI-compatible adapter with a llama-server that requires an API key (OC-ADAPT-6020)', () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ slots: 1, extraArgs: ['--api-key', API_KEY] });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('streams with the key as Bearer, and a wrong key fails as engine_rejected without leaking either key', async () => {
    const good = createOpenAiAdapter({ baseUrl: server.url, model: 'tiny', apiKey: API_KEY });
    const events = await collect(good.submit({ ...baseTask, task_id: 'keyed', seed: 2, max_tokens: 4 }));
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    const wrongKey = 'sk-wrong-key-for-this-server-987654321';
    const bad = createOpenAiAdapter({ baseUrl: server.url, model: 'tiny', apiKey: wrongKey });
    const error = await rejection(() => collect(bad.submit({ ...baseTask, task_id: 'unkeyed', seed: 2 })));
    expect(error).toMatchObject({ code: 'engine_rejected', retriable: false, context: { status: 401 } });
    const visible = JSON.stringify({
      message: error.message,
      context: error.context,
      event: error.toEvent(),
    });
    expect(visible).not.toContain(wrongKey);
    expect(visible).not.toContain(API_KEY);
  }, 20_000);
});
