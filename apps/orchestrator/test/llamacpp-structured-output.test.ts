import type { EndEvent } from '@orch/adapter-api';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readEvents, textOf } from './test-app.js';

const schema = {
  type: 'object',
  properties: { answer: { type: 'boolean' }, mood: { enum: ['calm', 'busy'] } },
  required: ['answer', 'mood'],
  additionalProperties: false,
};

describe('orchestrator → real llama-server with a JSON schema (ORCH-API-024, ORCH-API-023)', () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ slots: 1 });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const pool = () => ({
    id: 'tiny',
    model: 'tiny',
    engine: 'llamacpp',
    timeouts: { ttft_ms: 10_000, idle_ms: 5_000 },
    replicas: [{ id: 'r0', url: server.url }],
  });

  it('streams grammar-constrained JSON and reports it valid in end, seed after seed', async () => {
    const { post } = await createTestApp([pool()]);
    for (const seed of [1, 2, 3]) {
      const events = await readEvents(
        await post({
          model: 'tiny',
          prompt: 'Reply in JSON:',
          max_tokens: 256,
          seed,
          response_format: { type: 'json_schema', schema },
        }),
      );
      const end = events.at(-1) as EndEvent;
      expect(end).toMatchObject({ type: 'end', finish_reason: 'stop', structured_output: { valid: true } });
      expect(Object.keys(JSON.parse(textOf(events)) as object).sort()).toEqual(['answer', 'mood']);
    }
  }, 60_000);

  it('reports a run cut short by max_tokens as invalid', async () => {
    const { post } = await createTestApp([pool()]);
    const events = await readEvents(
      await post({
        model: 'tiny',
        prompt: 'Reply in JSON:',
        max_tokens: 3,
        seed: 1,
        response_format: { type: 'json_schema', schema },
      }),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      structured_output: { valid: false },
    });
  }, 60_000);
});
