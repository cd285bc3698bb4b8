import { startFakeEngine } from '@orch/fake-engines';
import { describe, expect, it } from 'vitest';
import { createTestApp, readEvents } from './test-app.js';

describe('the context check before admission (ORCH-RES-011)', () => {
  it("asks the engine's tokenizer only when a prompt could come near the context size", async () => {
    const fake = await startFakeEngine('llamacpp', { contextLength: 256, defaultSeed: 1 });
    try {
      const { post } = await createTestApp([
        { id: 'c', model: 'c', engine: 'llamacpp', replicas: [{ id: 'c0', url: fake.url }] },
      ]);
      const tokenizeCalls = () => fake.requests.filter((request) => request.path === '/tokenize').length;
      fake.clearRequests();
      // 5 bytes + 16 tokens fit 256 even at one token per byte: no round trip to the tokenizer.
      expect(
        (await readEvents(await post({ model: 'c', prompt: 'Hello', max_tokens: 16 }))).at(-1),
      ).toMatchObject({
        type: 'end',
      });
      expect(tokenizeCalls()).toBe(0);
      // 200 bytes + 100 could exceed 256 at one token per byte: the tokenizer decides (it fits).
      const words = 'the '.repeat(50);
      expect(
        (await readEvents(await post({ model: 'c', prompt: words, max_tokens: 100 }))).at(-1),
      ).toMatchObject({
        type: 'end',
      });
      expect(tokenizeCalls()).toBe(1);
      // Beyond the context by the tokenizer's count: refused up front.
      const refused = await post({ model: 'c', prompt: words.repeat(3), max_tokens: 200 });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'context_length_exceeded' } });
    } finally {
      await fake.close();
    }
  });
});
