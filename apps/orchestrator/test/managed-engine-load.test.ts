import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from './test-app.js';

const FAKE_ENGINE_CLI = fileURLToPath(new URL('../../../packages/fake-engines/src/cli.ts', import.meta.url));
const MODEL = 'managed-load-model';
const cleanups: (() => Promise<void>)[] = [];
const openStreams: AbortController[] = [];

afterEach(async () => {
  for (const controller of openStreams.splice(0)) controller.abort();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Opens a slow stream straight to the engine, as another client sharing it would. */
async function occupy(url: string): Promise<void> {
  const controller = new AbortController();
  openStreams.push(controller);
  const response = await fetch(`${url}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, prompt: 'busy', max_tokens: 3_000, stream: true }),
    signal: controller.signal,
  });
  if (!response.ok) throw new Error(`the engine refused the occupying stream: ${response.status}`);
  await response.body?.getReader().read();
}

describe('a managed replica keeps the optional adapter methods', () => {
  it("reads its engine's own load figures through readLoad, so engine-load placement applies to it", async () => {
    const { deps } = await createTestApp([
      {
        id: 'p',
        model: 'p',
        engine: 'vllm',
        replicas: [
          {
            id: 'managed',
            max_concurrency: 4,
            options: { served_model: MODEL },
            launch: {
              command: process.execPath,
              args: [
                '--import',
                'tsx',
                '--conditions=@orch/source',
                FAKE_ENGINE_CLI,
                'vllm',
                '--port',
                '{port}',
                '--host',
                '{host}',
              ].concat(['--model', MODEL, '--slots', '2', '--tokens-per-second', '20', '--eos-after', '0']),
              health: { interval_ms: 50 },
              start_timeout_ms: 60_000,
            },
          },
        ],
      },
    ]);
    cleanups.push(() => deps.engines.stopAll());
    const replica = deps.pools[0]?.replicas[0];
    const engine = replica?.managedEngine;
    if (replica === undefined || engine === undefined) throw new Error('no managed replica');
    await engine.keepRunning();
    expect(engine.status).toBe('ready');
    const url = engine.url as string;
    // Another client fills both of the engine's slots.
    await Promise.all([occupy(url), occupy(url)]);
    await replica.refresh();
    expect(replica.health.state).toBe('ready');
    expect(replica.engineLoad.running).toBe(2);
    expect(await replica.adapter.readLoad?.()).toMatchObject({ running: 2 });
  }, 90_000);
});
