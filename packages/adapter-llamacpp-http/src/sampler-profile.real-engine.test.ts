import type { StreamEvent, Task } from '@orch/adapter-api';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppAdapter } from './index.js';
import { llamaCppStreamChunkSchema } from './llamacpp-api-types.js';

// Two real llama-servers (specs/engines/real-llama-server.md) serving the same tiny model, one with its own sampling
// defaults on the command line: the sampler profile must keep those defaults out of every answer.

const SKEWED_DEFAULTS = [
  '--temp',
  '1.7',
  '--top-k',
  '3',
  '--top-p',
  '0.5',
  '--repeat-penalty',
  '1.5',
  '--presence-penalty',
  '0.8',
];

const baseTask: Task = {
  task_id: 'profile',
  model: 'tiny',
  prompt: 'Once upon a time',
  max_tokens: 48,
  priority: 'interactive',
};

async function textOf(stream: AsyncIterable<StreamEvent>): Promise<string> {
  let text = '';
  for await (const event of stream) {
    if (event.type === 'token') text += event.t;
    if (event.type === 'error') throw new Error(`task failed: ${event.message}`);
  }
  return text;
}

/** A bare `/completion` that leaves sampling to the server's defaults. */
async function completeWithServerDefaults(baseUrl: string, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${baseUrl}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: baseTask.prompt, n_predict: 48, cache_prompt: false, ...body }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return llamaCppStreamChunkSchema.parse(await response.json()).content;
}

describe('the sampler profile against real llama-servers with different default flags (ORCH-DET-023)', () => {
  let plain: RunningLlamaServer;
  let skewed: RunningLlamaServer;
  beforeAll(async () => {
    plain = await startLlamaServer({ slots: 1 });
    skewed = await startLlamaServer({ slots: 1, extraArgs: SKEWED_DEFAULTS });
  }, 300_000); // the first start may fetch llama-server from the Debian archive (engine-testkit)
  afterAll(async () => {
    await Promise.all([plain?.stop(), skewed?.stop()]);
  });

  const adapterFor = (server: RunningLlamaServer) =>
    createLlamaCppAdapter({ baseUrl: server.url, model: 'tiny' });

  it('the flags do change what a request without the profile gets (control)', async () => {
    const differing: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const onPlain = await completeWithServerDefaults(plain.url, { seed });
      const onSkewed = await completeWithServerDefaults(skewed.url, { seed });
      if (onPlain !== onSkewed) differing.push(seed);
    }
    expect(differing.length).toBeGreaterThan(0);
  }, 60_000);

  it('gives byte-identical sampled text on both servers, seed by seed (ORCH-DET-021)', async () => {
    const texts: string[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const task = { ...baseTask, task_id: `sampled-${seed}`, seed };
      const onPlain = await textOf(adapterFor(plain).submit(task));
      const onSkewed = await textOf(adapterFor(skewed).submit(task));
      expect(onPlain.length).toBeGreaterThan(0);
      expect(Buffer.from(onSkewed).equals(Buffer.from(onPlain))).toBe(true);
      texts.push(onPlain);
    }
    expect(new Set(texts).size).toBeGreaterThan(1); // the seed still matters
  }, 60_000);

  it('gives the same greedy text on both servers, whatever the seed (ORCH-DET-022)', async () => {
    const greedy = { ...baseTask, temperature: 0 };
    const first = await textOf(adapterFor(plain).submit({ ...greedy, task_id: 'greedy-1', seed: 1 }));
    const other = await textOf(adapterFor(skewed).submit({ ...greedy, task_id: 'greedy-2', seed: 99 }));
    expect(first.length).toBeGreaterThan(0);
    expect(other).toBe(first);
  }, 60_000);

  it("keeps the task's own fields over the profile's", async () => {
    const task = { ...baseTask, task_id: 'own-fields', seed: 5, top_k: 3, temperature: 1.7 };
    const onPlain = await textOf(adapterFor(plain).submit(task));
    const profileOnly = await textOf(
      adapterFor(plain).submit({ ...baseTask, task_id: 'profile-only', seed: 5 }),
    );
    expect(await textOf(adapterFor(skewed).submit(task))).toBe(onPlain);
    expect(onPlain).not.toBe(profileOnly);
  }, 60_000);
});
