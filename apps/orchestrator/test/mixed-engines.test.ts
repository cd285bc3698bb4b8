import { checkEventSequence } from '@orch/adapter-api';
import { type FakeEngine, type FakeEngineKind, startFakeEngine } from '@orch/fake-engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readEvents, textOf } from './test-app.js';

/** One fake per engine kind, each reporting a version of its own so that a mix-up would show. */
const ENGINES: { pool: string; kind: FakeEngineKind; engine: string; version: string; model: string }[] = [
  { pool: 'llama', kind: 'llamacpp', engine: 'llamacpp', version: 'b7001-fakefake', model: 'llama-m' },
  { pool: 'vllm', kind: 'vllm', engine: 'vllm', version: '0.10.9', model: 'vllm-m' },
  { pool: 'tgi', kind: 'tgi', engine: 'tgi', version: '3.2.9', model: 'tgi-m' },
  { pool: 'triton', kind: 'triton', engine: 'triton', version: '2.58.9', model: 'ensemble' },
  { pool: 'ollama', kind: 'ollama', engine: 'ollama', version: '0.11.9', model: 'ollama-m:1b' },
  { pool: 'openai', kind: 'vllm', engine: 'openai', version: '0.10.8', model: 'openai-m' },
];

const fakes = new Map<string, FakeEngine>();

function engineOptions(entry: (typeof ENGINES)[number]): Record<string, unknown> {
  switch (entry.engine) {
    case 'vllm':
    case 'openai':
      return { served_model: entry.model };
    case 'triton':
      // The fake serves the stock ensemble, whose per-step text the adapter detects from its config (OC-ADAPT-5080).
      return { triton_model: entry.model, trtllm_version: '0.20.0' };
    case 'ollama':
      return { ollama_model: entry.model };
    default:
      return {};
  }
}

beforeAll(async () => {
  for (const entry of ENGINES) {
    fakes.set(
      entry.pool,
      await startFakeEngine(entry.kind, { model: entry.model, version: entry.version, defaultSeed: 3 }),
    );
  }
});

afterAll(async () => {
  await Promise.all([...fakes.values()].map((fake) => fake.close()));
});

async function mixedApp() {
  return createTestApp(
    ENGINES.map((entry) => ({
      id: entry.pool,
      model: `${entry.pool}-model`,
      engine: entry.engine,
      replicas: [{ id: `${entry.pool}-0`, url: fakes.get(entry.pool)?.url, options: engineOptions(entry) }],
    })),
  );
}

describe('a config mixing pools of different engines (OC-ADAPT-5060)', () => {
  it('streams a task to each pool through its own engine', async () => {
    const { post } = await mixedApp();
    for (const entry of ENGINES) {
      const response = await post({
        model: `${entry.pool}-model`,
        prompt: 'Tell me',
        max_tokens: 8,
        seed: 5,
      });
      expect(response.status, entry.pool).toBe(200);
      const events = await readEvents(response);
      expect(checkEventSequence(events), entry.pool).toEqual([]);
      const started = events[0];
      expect(started?.type === 'started' && started.engine, entry.pool).toBe(entry.engine);
      expect(started?.type === 'started' && started.engine_version, entry.pool).toContain(entry.version);
      expect(events.at(-1), entry.pool).toMatchObject({ type: 'end' });
      expect(textOf(events).length, entry.pool).toBeGreaterThan(0);
      const generation = fakes
        .get(entry.pool)
        ?.requests.filter((request) => request.method === 'POST' && !request.path.includes('tokenize'));
      expect(generation?.length, `${entry.pool} got the generation request`).toBeGreaterThan(0);
    }
  });

  it("shows each engine's own version in /v1/replicas", async () => {
    const { app } = await mixedApp();
    const body = (await (await app.request('/v1/replicas')).json()) as {
      pools: { id: string; engine: string; replicas: { engine_version?: string; health: string }[] }[];
    };
    for (const entry of ENGINES) {
      const pool = body.pools.find((candidate) => candidate.id === entry.pool);
      expect(pool?.engine, entry.pool).toBe(entry.engine);
      expect(pool?.replicas[0]?.health, entry.pool).toBe('ready');
      expect(pool?.replicas[0]?.engine_version, entry.pool).toContain(entry.version);
    }
  });
});
