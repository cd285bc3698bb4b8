import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, readEvents } from './test-app.js';

const MODEL = 'load-model';
let engines: FakeEngine[] = [];
const openStreams: AbortController[] = [];

afterEach(async () => {
  for (const controller of openStreams.splice(0)) controller.abort();
  await Promise.all(engines.map((engine) => engine.close()));
  engines = [];
});

/** Opens a slow stream straight to the engine, as another client sharing it would. */
async function occupy(engine: FakeEngine): Promise<void> {
  const controller = new AbortController();
  openStreams.push(controller);
  const response = await fetch(`${engine.url}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, prompt: 'busy', max_tokens: 3_000, stream: true }),
    signal: controller.signal,
  });
  if (!response.ok) throw new Error(`the engine refused the occupying stream: ${response.status}`);
  await response.body?.getReader().read();
}

describe("placement by the engine's own queue figures (ORCH-RES-013)", () => {
  it('sends tasks to the replica whose engine is not busy with other clients', async () => {
    engines = await Promise.all(
      [0, 1].map(() =>
        startFakeEngine('vllm', { model: MODEL, slots: 2, tokensPerSecond: 20, eosAfterTokens: 0 }),
      ),
    );
    const [shared, quiet] = engines as [FakeEngine, FakeEngine];
    // Another client fills both of the shared engine's slots and queues two more requests in it.
    await Promise.all([occupy(shared), occupy(shared)]);
    void occupy(shared).catch(() => {});
    void occupy(shared).catch(() => {});
    const { post, deps, app } = await createTestApp([
      {
        id: 'p',
        model: 'p',
        engine: 'vllm',
        replicas: [
          { id: 'shared', url: shared.url, max_concurrency: 4, options: { served_model: MODEL } },
          { id: 'quiet', url: quiet.url, max_concurrency: 4, options: { served_model: MODEL } },
        ],
      },
    ]);
    const sharedReplica = deps.pools[0]?.replicas.find((replica) => replica.id === 'shared');
    expect(sharedReplica?.engineLoad.running).toBe(2);
    const view = (await (await app.request('/v1/replicas')).json()) as {
      pools: { replicas: { id: string; engine_load: { running?: number; waiting?: number } }[] }[];
    };
    expect(view.pools[0]?.replicas.find((replica) => replica.id === 'shared')?.engine_load).toMatchObject({
      running: 2,
    });
    for (let task = 0; task < 12; task += 1) {
      const events = await readEvents(await post({ model: 'p', prompt: 'Hi', max_tokens: 2 }));
      expect(events[0]).toMatchObject({ type: 'started', replica_id: 'quiet' });
    }
  });
});
