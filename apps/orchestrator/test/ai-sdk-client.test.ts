import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOrchestrator } from '../src/main.js';
import { runNativeTask, startOpenAiTestOrchestrator, waitForIdlePool } from './openai-test-orchestrator.js';

const NATIVE = { model: 'mock', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 12, seed: 11 };

describe('the Vercel AI SDK (openai-compatible provider) against the orchestrator (ORCH-OAI-011)', () => {
  let orchestrator: RunningOrchestrator;
  let provider: ReturnType<typeof createOpenAICompatible>;

  beforeAll(async () => {
    orchestrator = await startOpenAiTestOrchestrator();
    provider = createOpenAICompatible({
      name: 'orch',
      baseURL: `${orchestrator.url}/v1`,
      includeUsage: true,
    });
  });

  afterAll(async () => {
    await orchestrator?.shutdown(0);
  });

  const options = (model: string) => ({
    model: provider.chatModel(model),
    prompt: 'Hello',
    maxOutputTokens: 12,
    seed: 11,
    maxRetries: 0,
  });

  it('generates the text of /v1/tasks for the same seed, with the end event usage', async () => {
    const native = await runNativeTask(orchestrator.url, NATIVE);
    const result = await generateText(options('mock'));
    expect(result.text).toBe(native.text);
    expect(result.finishReason).toBe('length');
    expect(result.usage.inputTokens).toBe(native.end.tokens_in);
    expect(result.usage.outputTokens).toBe(native.end.tokens_out);
  });

  it('streams the same text, and include_usage counts equal to the end event', async () => {
    const native = await runNativeTask(orchestrator.url, NATIVE);
    const result = streamText(options('mock'));
    let text = '';
    for await (const piece of result.textStream) text += piece;
    expect(text).toBe(native.text);
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(native.end.tokens_in);
    expect(usage.outputTokens).toBe(native.end.tokens_out);
    expect(await result.finishReason).toBe('length');
  });

  it('rejects with an APICallError of status 404 for an unknown model', async () => {
    const failure = await generateText(options('no-such-model')).catch((error) => error);
    expect(APICallError.isInstance(failure)).toBe(true);
    expect(failure.statusCode).toBe(404);
  });

  it('reports an error part, not a finished answer, when a replica fails mid-stream', async () => {
    const errors: unknown[] = [];
    const result = streamText({ ...options('broken'), onError: ({ error }) => void errors.push(error) });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).toContain('error');
    expect(parts).toContain('text-delta');
    expect(errors).toHaveLength(1);
    expect(await result.finishReason).not.toBe('length');
    const whole = await generateText(options('broken')).catch((error) => error);
    expect(APICallError.isInstance(whole)).toBe(true);
    expect(whole.statusCode).toBe(502);
  });

  it('frees the engine slot when the stream is aborted', async () => {
    const controller = new AbortController();
    const result = streamText({
      ...options('slow'),
      maxOutputTokens: 1_000,
      abortSignal: controller.signal,
      onError: () => {},
    });
    let pieces = 0;
    for await (const _piece of result.textStream) {
      pieces += 1;
      if (pieces === 3) controller.abort();
    }
    expect(pieces).toBeGreaterThanOrEqual(3);
    expect(await waitForIdlePool(orchestrator.url, 'slow')).toBe(0);
  });
});
