import { type AdapterLogger, checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { collect, textOf } from '@orch/adapter-utils/testing';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { convertToVllmRequest } from './convert-to-vllm-request.js';
import { createVllmAdapter } from './index.js';

// The vLLM adapter speaks the OpenAI wire format, so it also drives a real llama-server's /v1/completions
// (specs/engines/llamacpp.md D.3, specs/engines/real-llama-server.md): the one real OpenAI-compatible engine that runs on these machines.

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

const nonStreamedSchema = z.object({
  choices: z.array(z.object({ text: z.string(), finish_reason: z.string() })),
  usage: z.object({ completion_tokens: z.number().int(), prompt_tokens: z.number().int() }),
  system_fingerprint: z.string(),
});

/** The same /v1/completions request the adapter sends, answered without streaming. */
async function completeWithoutStreaming(baseUrl: string, task: Task) {
  const response = await fetch(`${baseUrl}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...convertToVllmRequest(task, task.model).body,
      stream: false,
      stream_options: undefined, // only allowed with stream: true (specs/engines/vllm.md A.4)
    }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return nonStreamedSchema.parse(await response.json());
}

describe('vLLM adapter on a real llama-server /v1/completions (OC-ADAPT-6001, OC-ADAPT-6011)', () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ slots: 2 });
  }, 300_000); // the first start may fetch llama-server from the Debian archive (engine-testkit)
  afterAll(async () => {
    await server?.stop();
  });

  it('streams text equal to the non-streamed /v1/completions answer, over several seeds', async () => {
    const adapter = createVllmAdapter({ baseUrl: server.url, model: 'tiny' });
    const outputs: string[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const task = { ...baseTask, task_id: `identical-${seed}`, seed };
      const events = await collect(adapter.submit(task));
      expect(checkEventSequence(events)).toEqual([]);
      const reference = await completeWithoutStreaming(server.url, task);
      const referenceText = reference.choices[0]?.text ?? '';
      // Engine quirk (specs/engines/llamacpp.md D.2): a generation cut inside a multi-byte character ends with U+FFFD when not streamed,
      // while the stream holds the partial bytes back and never sends them.
      const expected = referenceText.endsWith('\uFFFD') ? referenceText.slice(0, -1) : referenceText;
      const streamed = textOf(events);
      expect(Buffer.from(streamed, 'utf8').equals(Buffer.from(expected, 'utf8'))).toBe(true);
      expect(events.at(-1)).toMatchObject({
        type: 'end',
        finish_reason_raw: reference.choices[0]?.finish_reason,
        tokens_in: reference.usage.prompt_tokens,
        tokens_out: reference.usage.completion_tokens,
      });
      outputs.push(streamed);
    }
    expect(new Set(outputs).size).toBeGreaterThan(1);
    expect(outputs.some((text) => hasNonAscii(text))).toBe(true);
  }, 60_000);

  it("reads the engine version from llama-server's /props when /version is missing, and says so", async () => {
    const warnings: string[] = [];
    const logger: AdapterLogger = { warn: (message) => warnings.push(message), debug: () => {} };
    const adapter = createVllmAdapter({ baseUrl: server.url, model: 'tiny', logger });
    const events = await collect(adapter.submit({ ...baseTask, task_id: 'version', seed: 1, max_tokens: 2 }));
    const reference = await completeWithoutStreaming(server.url, { ...baseTask, seed: 1, max_tokens: 2 });
    expect(events[0]).toMatchObject({
      type: 'started',
      engine: 'vllm',
      engine_version: reference.system_fingerprint,
    });
    expect(warnings).toContain('vLLM server has no /version: engine_version read from elsewhere');
  }, 20_000);

  it('cancel closes the request mid-stream and ends with end{cancelled}', async () => {
    const adapter = createVllmAdapter({ baseUrl: server.url, model: 'tiny' });
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit({ ...baseTask, task_id: 'cancel', seed: 3, max_tokens: 400 })) {
      events.push(event);
      if (event.type === 'token' && event.i === 2) await adapter.cancel('cancel');
    }
    expect(events.filter((event) => event.type === 'token')).toHaveLength(3);
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
  }, 20_000);
});
