import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningOrchestrator, startOrchestrator } from '../src/main.js';
import { runNativeTask } from './openai-test-orchestrator.js';

describe('the official openai SDK → orchestrator → real llama-server (ORCH-OAI-013)', () => {
  let llama: RunningLlamaServer;
  let orchestrator: RunningOrchestrator;
  let client: OpenAI;

  beforeAll(async () => {
    llama = await startLlamaServer({ seed: 0, slots: 2 });
    const configPath = join(mkdtempSync(join(tmpdir(), 'orch-openai-llama-')), 'orch.yaml');
    writeFileSync(
      configPath,
      [
        'pools:',
        '  - id: tiny',
        '    model: tiny',
        '    engine: llamacpp',
        '    timeouts: { ttft_ms: 10000, idle_ms: 5000 }',
        `    replicas: [{ id: r0, url: "${llama.url}" }]`,
      ].join('\n'),
    );
    orchestrator = await startOrchestrator({ configPath, port: 0, writeLog: () => {} });
    client = new OpenAI({ baseURL: `${orchestrator.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await orchestrator?.shutdown(0);
    await llama?.stop();
  });

  const prompt = { model: 'tiny', prompt: 'Once upon a time', max_tokens: 24, seed: 42, temperature: 0.8 };

  it('answers a text completion, streamed and not, with the text of /v1/tasks for the same seed', async () => {
    const native = await runNativeTask(orchestrator.url, prompt);
    expect(native.text.length).toBeGreaterThan(0);
    const completion = await client.completions.create(prompt);
    expect(completion.choices[0]?.text).toBe(native.text);
    expect(completion.usage?.completion_tokens).toBe(native.end.tokens_out);
    let streamed = '';
    let usage: OpenAI.CompletionUsage | undefined;
    const stream = await client.completions.create({
      ...prompt,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) {
      streamed += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(streamed).toBe(native.text);
    expect(usage?.prompt_tokens).toBe(native.end.tokens_in);
    expect(usage?.completion_tokens).toBe(native.end.tokens_out);
  });

  it('answers a chat completion, streamed and not, with the text of /v1/tasks for the same seed', async () => {
    const chat = {
      model: 'tiny',
      messages: [{ role: 'user' as const, content: 'Tell me a story.' }],
      max_tokens: 24,
      seed: 7,
      temperature: 0.8,
    };
    const native = await runNativeTask(orchestrator.url, chat);
    const completion = await client.chat.completions.create(chat);
    expect(completion.choices[0]?.message.content).toBe(native.text);
    const final = await client.chat.completions.stream(chat).finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe(native.text);
  });
});
