import OpenAI, { APIError, BadRequestError, NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOrchestrator } from '../src/main.js';
import { runNativeTask, startOpenAiTestOrchestrator, waitForIdlePool } from './openai-test-orchestrator.js';

const CHAT = {
  model: 'mock',
  messages: [{ role: 'user' as const, content: 'Hello' }],
  max_tokens: 12,
  seed: 11,
};

describe('the official openai SDK against the orchestrator (ORCH-OAI-010)', () => {
  let orchestrator: RunningOrchestrator;
  let client: OpenAI;

  beforeAll(async () => {
    orchestrator = await startOpenAiTestOrchestrator();
    client = new OpenAI({ baseURL: `${orchestrator.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });

  afterAll(async () => {
    await orchestrator?.shutdown(0);
  });

  it('lists the pool models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(['mock', 'broken', 'slow']);
  });

  it('answers a non-streamed chat completion with the text of /v1/tasks for the same seed, and its usage', async () => {
    const native = await runNativeTask(orchestrator.url, CHAT);
    const completion = await client.chat.completions.create(CHAT);
    expect(completion.choices[0]?.message.content).toBe(native.text);
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage).toMatchObject({
      prompt_tokens: native.end.tokens_in,
      completion_tokens: native.end.tokens_out,
    });
  });

  it('streams a chat completion with the same text, and include_usage counts equal to the end event', async () => {
    const native = await runNativeTask(orchestrator.url, CHAT);
    const stream = await client.chat.completions.create({
      ...CHAT,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const ids = new Set<string>();
    let finishReason: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      ids.add(chunk.id);
      text += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(native.text);
    expect(ids.size).toBe(1);
    expect(finishReason).toBe('length');
    expect(usage).toEqual({
      prompt_tokens: native.end.tokens_in,
      completion_tokens: native.end.tokens_out,
      total_tokens: (native.end.tokens_in ?? 0) + (native.end.tokens_out ?? 0),
    });
  });

  it('accumulates with chat.completions.stream() and finalChatCompletion()', async () => {
    const native = await runNativeTask(orchestrator.url, CHAT);
    const runner = client.chat.completions.stream(CHAT);
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe(native.text);
    expect(await runner.finalContent()).toBe(native.text);
  });

  it('answers text completions, streamed and not, with the text of /v1/tasks for the prompt', async () => {
    const body = { model: 'mock', prompt: 'Once upon a time', max_tokens: 10, seed: 5 };
    const native = await runNativeTask(orchestrator.url, body);
    const completion = await client.completions.create(body);
    expect(completion.choices[0]?.text).toBe(native.text);
    let streamed = '';
    for await (const chunk of await client.completions.create({ ...body, stream: true }))
      streamed += chunk.choices[0]?.text ?? '';
    expect(streamed).toBe(native.text);
  });

  it('answers the Responses API, streamed and not, with the text of /v1/tasks for the same turn', async () => {
    const native = await runNativeTask(orchestrator.url, CHAT);
    const response = await client.responses.create({
      model: 'mock',
      input: 'Hello',
      max_output_tokens: 12,
      seed: 11,
    } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    expect(response.output_text).toBe(native.text);
    expect(response.usage?.output_tokens).toBe(native.end.tokens_out);
    // `seed` is an orchestrator extension, sent as an extra body field.
    const streamParams = {
      model: 'mock',
      input: [{ role: 'user' as const, content: 'Hello' }],
      max_output_tokens: 12,
      seed: 11,
    };
    const stream = client.responses.stream(streamParams);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(native.text);
  });

  it('throws NotFoundError for an unknown model', async () => {
    const failure = await client.chat.completions
      .create({ ...CHAT, model: 'no-such-model' })
      .catch((error) => error);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect(failure.code).toBe('unknown_model');
  });

  it('throws BadRequestError naming the field for n > 1', async () => {
    const failure = await client.chat.completions.create({ ...CHAT, n: 2 }).catch((error) => error);
    expect(failure).toBeInstanceOf(BadRequestError);
    expect(failure.param).toBe('n');
  });

  it('throws when a replica fails mid-stream, streamed, accumulated or not, instead of returning the truncated text', async () => {
    const body = { ...CHAT, model: 'broken' };
    const stream = await client.chat.completions.create({ ...body, stream: true });
    let received = '';
    const streamed = await (async () => {
      for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? '';
    })().catch((error) => error);
    expect(streamed).toBeInstanceOf(APIError);
    expect(received.length).toBeGreaterThan(0);
    const accumulated = await client.chat.completions
      .stream(body)
      .finalChatCompletion()
      .catch((error) => error);
    expect(accumulated).toBeInstanceOf(Error);
    const whole = await client.chat.completions.create(body).catch((error) => error);
    expect(whole).toBeInstanceOf(APIError);
    expect(whole.status).toBe(502);
    expect(whole.code).toBe('engine_error');
    const responses = await client.responses
      .stream({ model: 'broken', input: 'Hello' })
      .finalResponse()
      .catch((error) => error);
    expect(responses).toBeInstanceOf(Error);
  });

  it('frees the engine slot when the client disconnects mid-stream', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'slow', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 1_000, stream: true },
      { signal: controller.signal },
    );
    let chunks = 0;
    for await (const _chunk of stream) {
      chunks += 1;
      if (chunks === 3) controller.abort();
    }
    expect(chunks).toBe(3);
    expect(await waitForIdlePool(orchestrator.url, 'slow')).toBe(0);
    // The one slot is free again: the next task is admitted instead of refused with queue_full.
    const next = await client.chat.completions.create({
      model: 'slow',
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 2,
    });
    expect(next.choices[0]?.finish_reason).toBe('length');
  });
});
