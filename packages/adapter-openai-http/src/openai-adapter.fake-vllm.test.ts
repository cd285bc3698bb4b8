import { checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { closeAfterEach, collect, rejection, textOf } from '@orch/adapter-utils/testing';
import { type FakeEngine, type FakeEngineOptions, startFakeEngine } from '@orch/fake-engines';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAiAdapter } from './index.js';

// The OpenAI-compatible adapter against the fake vLLM server (@orch/fake-engines): vLLM is an
// OpenAI-compatible server too, with /version, /tokenize (chat form included) and API-key middleware.

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const API_KEY = 'fake-vllm-openai-key-0123456789';

const engines = closeAfterEach<FakeEngine>();

async function startEngine(options: FakeEngineOptions): Promise<FakeEngine> {
  return engines.track(await startFakeEngine('vllm', options));
}

const baseTask: Task = {
  task_id: 'fake',
  model: MODEL,
  prompt: 'Once upon a time',
  max_tokens: 24,
  seed: 5,
  temperature: 1,
  priority: 'interactive',
};
const { prompt: _prompt, ...withoutPrompt } = baseTask;
const chatTask: Task = {
  ...withoutPrompt,
  task_id: 'chat',
  messages: [{ role: 'user', content: 'Hi there' }],
};

const answerSchema = z.object({
  choices: z.array(
    z.object({ text: z.string().optional(), message: z.object({ content: z.string() }).optional() }),
  ),
});

async function answerWithoutStreaming(fake: FakeEngine, task: Task): Promise<string> {
  const chat = task.prompt === undefined;
  const response = await fetch(`${fake.url}${chat ? '/v1/chat/completions' : '/v1/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({
      model: MODEL,
      ...(chat ? { messages: task.messages } : { prompt: task.prompt }),
      max_tokens: task.max_tokens,
      seed: task.seed,
      temperature: task.temperature,
    }),
    signal: AbortSignal.timeout(5000),
  });
  const choice = answerSchema.parse(await response.json()).choices[0];
  return choice?.text ?? choice?.message?.content ?? '';
}

describe('OpenAI-compatible adapter against the fake vLLM server (OC-ADAPT-6000, OC-ADAPT-6001, OC-ADAPT-6010)', () => {
  it('streams prompts and chat turns equal to the non-streamed answers, with the key as Bearer', async () => {
    const fake = await startEngine({
      model: MODEL,
      apiKey: API_KEY,
      eosAfterTokens: 0,
    });
    const adapter = createOpenAiAdapter({ baseUrl: fake.url, model: MODEL, apiKey: API_KEY });
    for (const task of [baseTask, chatTask]) {
      const events = await collect(adapter.submit(task));
      expect(checkEventSequence(events)).toEqual([]);
      expect(textOf(events)).toBe(await answerWithoutStreaming(fake, task));
      expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 24 });
    }
  });

  it("reads vLLM's /version as engine_version and counts chat turns with the chat form of /tokenize", async () => {
    const fake = await startEngine({ model: MODEL, version: '0.10.2' });
    const adapter = createOpenAiAdapter({ baseUrl: fake.url, model: MODEL });
    expect(await adapter.properties()).toMatchObject({
      engine_version: '0.10.2',
      context_size: 4096,
      model: MODEL,
    });
    const estimate = await adapter.estimateTokens(chatTask);
    const events = await collect(adapter.submit(chatTask));
    expect(estimate.method).toBe('tokenizer');
    expect(events[0]).toMatchObject({ type: 'started', engine_version: '0.10.2' });
    expect(events.at(-1)).toMatchObject({ type: 'end', tokens_in: estimate.prompt_tokens });
  });

  it('fails without the key: health unhealthy (401 on the model list), tasks engine_rejected', async () => {
    const fake = await startEngine({ model: MODEL, apiKey: API_KEY });
    const adapter = createOpenAiAdapter({ baseUrl: fake.url, model: MODEL });
    const health = await adapter.health();
    expect(health.state).toBe('unhealthy');
    expect(health.detail).toContain('the server refused the API key');
    expect((await rejection(() => collect(adapter.submit(baseTask)))).code).toBe('engine_rejected');
  });

  it('ends with one error event when vLLM sends an error event then [DONE]', async () => {
    const fake = await startEngine({ model: MODEL, faults: { errorAfterTokens: 2 } });
    const events = await collect(createOpenAiAdapter({ baseUrl: fake.url, model: MODEL }).submit(baseTask));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: 2 });
  });

  it('cancel closes the request and the engine stops the generation', async () => {
    const fake = await startEngine({
      model: MODEL,
      tokensPerSecond: 200,
      eosAfterTokens: 0,
    });
    const adapter = createOpenAiAdapter({ baseUrl: fake.url, model: MODEL });
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit({ ...baseTask, task_id: 'cancel', max_tokens: 400 })) {
      events.push(event);
      if (event.type === 'token' && event.i === 2) await adapter.cancel('cancel');
    }
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    await fake.whenIdle(2000);
    expect(fake.abortedStreams).toBe(1);
  });
});
