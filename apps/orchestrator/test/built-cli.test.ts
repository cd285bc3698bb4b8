import { existsSync } from 'node:fs';
import { checkEventSequence, readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, type SpawnedOrchestrator, spawnOrchestrator } from './spawn-orchestrator.js';

// What production runs: `node apps/orchestrator/dist/cli.js serve`, the workspace packages' builds, no tsx.
// Turbo builds this package (and, first, every package it depends on) before its tests.
describe('the built orchestrator (ORCH-REPO-008)', () => {
  let orchestrator: SpawnedOrchestrator;

  beforeAll(async () => {
    expect(existsSync(BUILT_CLI), `${BUILT_CLI} is missing: run "pnpm build"`).toBe(true);
    orchestrator = await spawnOrchestrator([], { entry: 'build' });
  }, 30_000);

  afterAll(async () => {
    const child = orchestrator?.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null)
      await orchestrator.stop();
  });

  it('serves a task from the embedded mock pool on plain Node.js', async () => {
    expect(orchestrator.child.spawnargs.slice(1)).toEqual([BUILT_CLI, 'serve', '--port', '0']);
    const response = await fetch(`${orchestrator.url}/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock', prompt: 'Hello', max_tokens: 5, seed: 7 }),
    });
    expect(response.status).toBe(200);
    const events: StreamEvent[] = [];
    for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) events.push(event);
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(['started', ...Array(5).fill('token'), 'end']);
  });

  it('serves the status page and its assets copied into dist (ORCH-UIP-003)', async () => {
    const page = await fetch(`${orchestrator.url}/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('/ui/assets/main.js');
    const script = await fetch(`${orchestrator.url}/ui/assets/main.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('connectEvents');
  });

  it('answers its health and metrics routes and stops on SIGTERM with exit code 0', async () => {
    expect((await fetch(`${orchestrator.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${orchestrator.url}/metrics`)).text()).toContain('orch_tasks_started_total');
    expect(await orchestrator.stop()).toBe(0);
  });
});
