import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOrchestrator } from '../src/main.js';
import { runNativeTask, startOpenAiTestOrchestrator, waitForIdlePool } from './openai-test-orchestrator.js';

const NATIVE = { model: 'mock', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 12, seed: 11 };

describe('LangChain ChatOpenAI against the orchestrator (ORCH-OAI-012)', () => {
  let orchestrator: RunningOrchestrator;

  beforeAll(async () => {
    orchestrator = await startOpenAiTestOrchestrator();
  });

  afterAll(async () => {
    await orchestrator?.shutdown(0);
  });

  const chat = (model: string, maxTokens = 12) =>
    new ChatOpenAI({
      model,
      apiKey: 'unused',
      configuration: { baseURL: `${orchestrator.url}/v1` },
      maxTokens,
      maxRetries: 0,
      streamUsage: true,
      modelKwargs: { seed: 11 },
    });

  it('invokes with the text of /v1/tasks for the same seed, with the end event usage', async () => {
    const native = await runNativeTask(orchestrator.url, NATIVE);
    const message = await chat('mock').invoke('Hello');
    expect(message.content).toBe(native.text);
    expect(message.usage_metadata).toMatchObject({
      input_tokens: native.end.tokens_in,
      output_tokens: native.end.tokens_out,
    });
  });

  it('streams the same text, and the usage chunk counts equal to the end event', async () => {
    const native = await runNativeTask(orchestrator.url, NATIVE);
    let text = '';
    let usage: { input_tokens: number; output_tokens: number } | undefined;
    for await (const chunk of await chat('mock').stream('Hello')) {
      text += typeof chunk.content === 'string' ? chunk.content : '';
      if (chunk.usage_metadata !== undefined) usage = chunk.usage_metadata;
    }
    expect(text).toBe(native.text);
    expect(usage).toMatchObject({ input_tokens: native.end.tokens_in, output_tokens: native.end.tokens_out });
  });

  it('throws a 404 error for an unknown model', async () => {
    const failure = await chat('no-such-model')
      .invoke('Hello')
      .catch((error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure.status).toBe(404);
  });

  it('throws when a replica fails mid-stream instead of returning the truncated text', async () => {
    let received = '';
    const streamed = await (async () => {
      for await (const chunk of await chat('broken').stream('Hello'))
        received += typeof chunk.content === 'string' ? chunk.content : '';
    })().catch((error) => error);
    expect(streamed).toBeInstanceOf(Error);
    expect(received.length).toBeGreaterThan(0);
    const whole = await chat('broken')
      .invoke('Hello')
      .catch((error) => error);
    expect(whole).toBeInstanceOf(Error);
    expect(whole.status).toBe(502);
  });

  it('frees the engine slot when the stream is aborted', async () => {
    const controller = new AbortController();
    let chunks = 0;
    await (async () => {
      for await (const _chunk of await chat('slow', 1_000).stream('Hello', { signal: controller.signal })) {
        chunks += 1;
        if (chunks === 3) controller.abort();
      }
    })().catch(() => {});
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(await waitForIdlePool(orchestrator.url, 'slow')).toBe(0);
  });
});
