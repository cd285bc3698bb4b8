import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { startLlamaServer } from '@orch/engine-testkit';
import { writeTinyLlamaGguf } from '@orch/tiny-gguf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  managedPool as fixturePool,
  type ManagedEngineFixtures,
  prepareManagedEngineFixtures,
} from './managed-engine-fixtures.js';
import { findProcessGroups, waitFor } from './process-groups.js';
import { spawnOrchestrator } from './spawn-orchestrator.js';
import { createTestApp, readEvents } from './test-app.js';

// Managed engines against the real llama-server (specs/engines/real-llama-server.md) with two different tiny models.
let fixtures: ManagedEngineFixtures;
let modelA: string;
let modelB: string;
const run = randomUUID().slice(0, 8);
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  fixtures = await prepareManagedEngineFixtures();
  ({ modelA, modelB } = fixtures);
}, 120_000);

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

afterAll(() => {
  expect(findProcessGroups(run)).toEqual([]);
});

function managedPool(id: string, model: string, launch: Record<string, unknown> = {}) {
  return fixturePool(fixtures, run, id, model, launch);
}

async function createManagedApp(pools: unknown[]) {
  const test = await createTestApp(pools);
  cleanups.push(() => test.deps.engines.stopAll());
  const task = (pool: string, prompt = 'Once upon a time') =>
    test.post({ model: `${pool}-${run}`, prompt, max_tokens: 4, seed: 1 });
  const replicas = async () =>
    (await (await test.app.request('/v1/replicas?internal=1')).json()) as {
      pools: Array<{
        id: string;
        replicas: Array<{ id: string; health: string; engine_process?: Record<string, unknown> }>;
      }>;
    };
  const engineView = async (pool: string) =>
    (await replicas()).pools.find((entry) => entry.id === pool)?.replicas[0]?.engine_process;
  return { ...test, task, engineView };
}

function terminal(events: StreamEvent[]): StreamEvent | undefined {
  return events.at(-1);
}

/** Samples the number of engine process groups every 5 ms; `max()` is the most seen at once. */
function sampleEngineCount(needle: string) {
  let most = 0;
  const timer = setInterval(() => {
    most = Math.max(most, findProcessGroups(needle).length);
  }, 5);
  cleanups.push(async () => clearInterval(timer));
  return { max: () => most };
}

describe('managed engines with a real llama-server (ORCH-LIFE-001)', () => {
  it('starts a lazy engine on the first task, says it is loading, and stops it when idle (ORCH-LIFE-010, ORCH-LIFE-011, ORCH-LIFE-012, ORCH-LIFE-041)', async () => {
    const app = await createManagedApp([managedPool('lazy', modelA, { mode: 'lazy', idle_ms: 300 })]);
    expect(findProcessGroups(`lazy-${run}`)).toEqual([]);
    expect(await app.engineView('lazy')).toMatchObject({ mode: 'lazy', status: 'stopped' });
    const readiness = await app.app.request('/readyz');
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toMatchObject({ ready_replicas: 0, lazy_replicas: 1 });

    const response = await app.task('lazy');
    expect(response.status).toBe(200);
    const text = await response.clone().text();
    expect(text).toMatch(/^: loading replica=lazy-r0 engine_status=(stopped|starting)/);
    const events = await readEvents(response);
    expect(events[0]).toMatchObject({ type: 'started', pool_id: 'lazy', replica_id: 'lazy-r0' });
    expect(events[0]?.type === 'started' && events[0].queued_ms).toBeGreaterThanOrEqual(0);
    expect(terminal(events)).toMatchObject({ type: 'end' });

    const metrics = await (await app.app.request('/metrics')).text();
    expect(metrics).toContain(
      'orch_engine_start_duration_seconds_count{pool_id="lazy",replica_id="lazy-r0"} 1',
    );
    expect(
      app.logLines.some(
        (line) => line.includes('"msg":"engine output"') && line.includes('"replica_id":"lazy-r0"'),
      ),
    ).toBe(true);

    await waitFor(async () => (await app.engineView('lazy'))?.status === 'stopped', 15_000, 'the idle stop');
    expect(findProcessGroups(`lazy-${run}`)).toEqual([]);
    const again = await readEvents(await app.task('lazy'));
    expect(terminal(again)).toMatchObject({ type: 'end' });
  }, 90_000);

  it('swaps two models in one group: A, B, A all succeed with exactly one engine at any time (ORCH-LIFE-020)', async () => {
    const swap = { mode: 'lazy', swap_group: `gpu-${run}` };
    const app = await createManagedApp([
      managedPool('swapa', modelA, swap),
      managedPool('swapb', modelB, swap),
    ]);
    const engines = sampleEngineCount(run);
    for (const pool of ['swapa', 'swapb', 'swapa']) {
      const events = await readEvents(await app.task(pool));
      expect(events[0]).toMatchObject({ type: 'started', pool_id: pool });
      expect(terminal(events)).toMatchObject({ type: 'end' });
      expect(findProcessGroups(run)).toHaveLength(1);
      expect(findProcessGroups(`${pool}-${run}`)).toHaveLength(1);
    }
    expect(engines.max()).toBe(1);
    expect(await app.engineView('swapb')).toMatchObject({ status: 'stopped', swap_group: `gpu-${run}` });
  }, 90_000);

  it('serves concurrent tasks for A and B in one swap group without deadlock or a killed stream (ORCH-LIFE-021, ORCH-LIFE-022)', async () => {
    const swap = { mode: 'lazy', swap_group: `gpu2-${run}` };
    const app = await createManagedApp([
      managedPool('cona', modelA, swap),
      managedPool('conb', modelB, swap),
    ]);
    const engines = sampleEngineCount(run);
    const pools = ['cona', 'conb', 'cona', 'conb', 'conb', 'cona'];
    const results = await Promise.all(pools.map(async (pool) => readEvents(await app.task(pool))));
    results.forEach((events, index) => {
      expect(events[0]).toMatchObject({ type: 'started', pool_id: pools[index] });
      expect(terminal(events)).toMatchObject({ type: 'end' });
    });
    expect(engines.max()).toBe(1);
  }, 90_000);

  it('restarts a persistent engine killed with SIGKILL and serves again (ORCH-LIFE-013, ORCH-LIFE-030)', async () => {
    const app = await createManagedApp([managedPool('crash', modelA)]);
    app.deps.engines.startPersistent();
    // A task that arrives while the engine is still starting waits for it.
    expect(terminal(await readEvents(await app.task('crash')))).toMatchObject({ type: 'end' });
    expect(await app.engineView('crash')).toMatchObject({ mode: 'persistent', status: 'ready' });
    const firstPid = (await app.engineView('crash'))?.pid as number;

    process.kill(firstPid, 'SIGKILL');
    await waitFor(
      async () => {
        const view = await app.engineView('crash');
        return view?.restarts === 1 && view.status === 'ready';
      },
      30_000,
      'the restart',
    );
    expect((await app.engineView('crash'))?.pid).not.toBe(firstPid);
    expect(terminal(await readEvents(await app.task('crash')))).toMatchObject({ type: 'end' });
    expect(findProcessGroups(`crash-${run}`)).toHaveLength(1);
    const metrics = await (await app.app.request('/metrics')).text();
    expect(metrics).toContain('orch_engine_restarts_total{pool_id="crash",replica_id="crash-r0"} 1');
    expect(metrics).toContain('orch_engine_state{pool_id="crash",replica_id="crash-r0",state="ready"} 1');
  }, 90_000);

  it('lets a task sent right after SIGKILL of its engine wait for the restart and end well (ORCH-LIFE-032; regression: 503 engine_unavailable ECONNREFUSED)', async () => {
    // A restart delay long enough that the task sent 0.3 s after the kill finds the engine crashed and waiting.
    const pool = managedPool('rewait', modelA, { restart: { base_ms: 1_500, max_ms: 3_000 } });
    // Two slots, so that the second task does not queue behind the first.
    Object.assign(pool.replicas[0] ?? {}, { max_concurrency: 2 });
    const app = await createManagedApp([pool]);
    app.deps.engines.startPersistent();
    expect(terminal(await readEvents(await app.task('rewait')))).toMatchObject({ type: 'end' });
    const firstPid = (await app.engineView('rewait'))?.pid as number;
    process.kill(firstPid, 'SIGKILL');
    // One task at once (the crash not seen yet: its connection is refused), one 0.3 s later (crashed).
    const atOnce = app.task('rewait');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = app.task('rewait');
    const responses = await Promise.all([atOnce, later]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const [laterRaw] = await Promise.all([responses[1]?.clone().text(), Promise.resolve()]);
    // The task that found the engine crashed is told it waits for a load, like a lazy start.
    expect(laterRaw?.startsWith(': loading replica=rewait-r0')).toBe(true);
    const results = await Promise.all(responses.map((response) => readEvents(response)));
    for (const events of results) {
      expect(terminal(events)).toMatchObject({ type: 'end' });
      expect(events.some((event) => event.type === 'token')).toBe(true);
    }
    const view = await app.engineView('rewait');
    expect(view).toMatchObject({ status: 'ready', restarts: 1 });
    expect(view?.pid).not.toBe(firstPid);
  }, 90_000);

  it('fails the tasks waiting for a restart only when the restart is given up, naming the cause (ORCH-LIFE-032)', async () => {
    const model = join(fixtures.directory, `gone-${run}.gguf`);
    await writeFile(model, writeTinyLlamaGguf({ seed: 44 }));
    const app = await createManagedApp([
      managedPool('giveup', model, { restart: { base_ms: 800, max_ms: 800, max_restarts: 2 } }),
    ]);
    app.deps.engines.startPersistent();
    expect(terminal(await readEvents(await app.task('giveup')))).toMatchObject({ type: 'end' });
    // The restarts cannot succeed: the model file is gone.
    await rm(model);
    process.kill((await app.engineView('giveup'))?.pid as number, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const response = await app.task('giveup');
    expect(response.status).toBe(200);
    const events = await readEvents(response);
    // It waited through the first failed restart (0.8 s) and failed at the give-up after the second (1.6 s).
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'engine_unavailable' });
    const message = events[0]?.type === 'error' ? events[0].message : '';
    expect(message).toMatch(/restarting it was given up after 2 restarts/);
    expect(message).toMatch(/exited during start|failed|gguf|model/i);
    expect(await app.engineView('giveup')).toMatchObject({ gave_up: true, restarts: 2 });
  }, 90_000);

  it('ends a task streaming on an engine that crashes with a typed error, then serves again (ORCH-LIFE-031)', async () => {
    // A model that never ends on its own, so the stream is still running when the engine is killed.
    const endless = join(fixtures.directory, 'endless.gguf');
    await writeFile(endless, writeTinyLlamaGguf({ seed: 43, endOfTextBias: -30, contextLength: 4096 }));
    const pool = managedPool('midcrash', endless);
    const launch = pool.replicas[0]?.launch as { args: string[] };
    launch.args = launch.args.map((value) => (value === '512' ? '4096' : value));
    const app = await createManagedApp([pool]);
    app.deps.engines.startPersistent();
    const response = await app.post({ model: `midcrash-${run}`, prompt: 'Once', max_tokens: 3000, seed: 1 });
    expect(response.status).toBe(200);
    if (response.body === null) throw new Error('no body');
    const events: StreamEvent[] = [];
    let killedPid: number | undefined;
    for await (const event of readTaskStream(response.body)) {
      events.push(event);
      if (event.type === 'token' && killedPid === undefined) {
        killedPid = (await app.engineView('midcrash'))?.pid as number;
        process.kill(killedPid, 'SIGKILL');
      }
    }
    const tokens = events.filter((event) => event.type === 'token').length;
    expect(killedPid).toBeDefined();
    expect(tokens).toBeLessThan(3000);
    const last = terminal(events);
    expect(last).toMatchObject({ type: 'error', tokens_delivered: tokens });
    expect(['stream_truncated', 'engine_unavailable']).toContain(last?.type === 'error' ? last.code : '');

    await waitFor(
      async () => {
        const view = await app.engineView('midcrash');
        return view?.restarts === 1 && view.status === 'ready';
      },
      30_000,
      'the restart after the crash',
    );
    const again = await readEvents(
      await app.post({ model: `midcrash-${run}`, prompt: 'Once', max_tokens: 4, seed: 1 }),
    );
    expect(terminal(again)).toMatchObject({ type: 'end' });
  }, 90_000);

  it('reuses a healthy server already answering at the configured url instead of starting another (ORCH-LIFE-014)', async () => {
    const running = await startLlamaServer({ seed: 5 });
    cleanups.push(() => running.stop());
    const pool = managedPool('reuse', modelA);
    const app = await createManagedApp([{ ...pool, replicas: [{ ...pool.replicas[0], url: running.url }] }]);
    app.deps.engines.startPersistent();
    await waitFor(async () => (await app.engineView('reuse'))?.status === 'ready', 30_000, 'the reuse');
    expect(await app.engineView('reuse')).toMatchObject({ reused: true, url: running.url });
    expect(findProcessGroups(`reuse-${run}`)).toEqual([]);
    expect(terminal(await readEvents(await app.task('reuse')))).toMatchObject({ type: 'end' });
    await app.deps.engines.stopAll();
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  }, 90_000);

  it.each([
    ['a binary that does not exist', { command: '/nonexistent/llama-server' }, /\/nonexistent\/llama-server/],
    [
      'a bad flag',
      { args: ['--host', '{host}', '--port', '{port}', '-m', '{model}', '--bogus-flag'] },
      /invalid argument: --bogus-flag/,
    ],
    ['a model file that does not exist', { model: '/nonexistent/model.gguf' }, /\/nonexistent\/model\.gguf/],
  ])(
    'answers a task with engine_unavailable naming the cause for %s (ORCH-LIFE-050)',
    async (_name, launch, cause) => {
      const app = await createManagedApp([managedPool('bad', modelA, { mode: 'lazy', ...launch })]);
      const events = await readEvents(await app.task('bad'));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'error', code: 'engine_unavailable', retriable: false });
      expect(events[0]?.type === 'error' && events[0].message).toMatch(cause);
      expect(await app.engineView('bad')).toMatchObject({ status: 'crashed', reason: expect.any(String) });
      expect(findProcessGroups(`bad-${run}`)).toEqual([]);
    },
    60_000,
  );
});

describe('orchestrator exit leaves no engine behind (ORCH-LIFE-040)', () => {
  async function spawnWithEngine(pool: string) {
    const configPath = join(fixtures.directory, `${pool}.yaml`);
    await writeFile(configPath, JSON.stringify({ pools: [managedPool(pool, modelA)] }));
    const orchestrator = await spawnOrchestrator(['--config', configPath]);
    cleanups.push(async () => {
      if (orchestrator.child.exitCode === null) orchestrator.child.kill('SIGKILL');
    });
    await waitFor(() => findProcessGroups(`${pool}-${run}`).length === 1, 30_000, 'the engine to start');
    await waitFor(
      async () => {
        const body = (await (await fetch(`${orchestrator.url}/v1/replicas`)).json()) as {
          pools: Array<{ replicas: Array<{ engine_process?: { status: string } }> }>;
        };
        return body.pools[0]?.replicas[0]?.engine_process?.status === 'ready';
      },
      30_000,
      'the engine to be ready',
    );
    return orchestrator;
  }

  it('stops its engines on SIGTERM', async () => {
    const orchestrator = await spawnWithEngine('term');
    expect(await orchestrator.stop()).toBe(0);
    expect(findProcessGroups(`term-${run}`)).toEqual([]);
  }, 90_000);

  it('leaves no engine when it is killed with SIGKILL (the watchdog)', async () => {
    const orchestrator = await spawnWithEngine('kill');
    orchestrator.child.kill('SIGKILL');
    await waitFor(() => findProcessGroups(`kill-${run}`).length === 0, 20_000, 'the engine to die');
  }, 90_000);
});
