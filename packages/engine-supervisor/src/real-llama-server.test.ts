import { randomUUID } from 'node:crypto';
import { ensureLlamaServerBinary, ensureTinyModel } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProcessGroups, isProcessAlive, waitFor } from './__fixtures__/process-helpers.js';
import { createEngineProcess, type EngineProcess } from './engine-process.js';
import { EngineStartError } from './engine-start-error.js';
import { createEngineSupervisor, type EngineSupervisor } from './engine-supervisor.js';
import type { LaunchSpec } from './launch-spec.js';
import { createSwapGroup } from './swap-group.js';

// The real llama.cpp server (specs/engines/real-llama-server.md), fetched by @orch/engine-testkit, with tiny generated models.
let binary: string;
let modelA: string;
let modelB: string;
const run = randomUUID().slice(0, 8);
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  binary = (await ensureLlamaServerBinary()).path;
  modelA = (await ensureTinyModel({ seed: 31 })).path;
  modelB = (await ensureTinyModel({ seed: 32 })).path;
});

afterAll(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function llamaSpec(model: string, alias: string, overrides: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    command: binary,
    args: [
      '--host',
      '{host}',
      '--port',
      '{port}',
      '-m',
      '{model}',
      '--alias',
      alias,
      '-c',
      '512',
      '-np',
      '1',
      '-t',
      '1',
    ],
    model,
    health: { path: '/health', intervalMs: 25 },
    startTimeoutMs: 30_000,
    stopTimeoutMs: 5_000,
    ...overrides,
  };
}

function managed(spec: LaunchSpec): EngineProcess {
  const engine = createEngineProcess(spec, { name: 'llama-server' });
  cleanups.push(() => engine.stop());
  return engine;
}

async function startError(engine: EngineProcess): Promise<EngineStartError> {
  const error = await engine.start().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof EngineStartError))
    throw new Error(`expected an EngineStartError, got ${String(error)}`);
  return error;
}

async function servedModel(url: string | undefined): Promise<string> {
  const body = (await (await fetch(`${url}/v1/models`)).json()) as { data: Array<{ id: string }> };
  return body.data[0]?.id ?? '';
}

describe('engine supervision with a real llama-server', () => {
  it('starts it, sees it healthy and serving, and stops it leaving no process', async () => {
    const alias = `life-${run}`;
    const engine = managed(llamaSpec(modelA, alias));
    await engine.start();
    expect(engine.status).toBe('ready');
    expect(await servedModel(engine.url)).toBe(alias);
    const completion = await fetch(`${engine.url}/completion`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'Hello', n_predict: 4, seed: 1 }),
    });
    expect(completion.status).toBe(200);
    const listening = `listening on http://127.0.0.1:${engine.port}`;
    await waitFor(() => engine.logTail().some((entry) => entry.line.includes(listening)), 10_000, listening);
    const pid = engine.pid ?? 0;
    expect(findProcessGroups(alias)).toEqual([pid]);

    await engine.stop();
    expect(engine.status).toBe('stopped');
    expect(isProcessAlive(pid)).toBe(false);
    await waitFor(() => findProcessGroups(alias).length === 0, 10_000, 'no process left');
  });

  it('restarts it after kill -9 and it is healthy again', async () => {
    const alias = `restart-${run}`;
    const supervisor: EngineSupervisor = createEngineSupervisor(
      createEngineProcess(llamaSpec(modelA, alias)),
      {
        restartBackoff: { baseMs: 100, maxMs: 1_000 },
      },
    );
    cleanups.push(() => supervisor.stop());
    await supervisor.start();
    const firstPid = supervisor.pid ?? 0;
    // Statuses are recorded as events: the crashed state lasts only the 100 ms backoff.
    const statuses: Array<{ status: string; reason: string | undefined }> = [];
    supervisor.on('status', ({ status, reason }) => statuses.push({ status, reason }));

    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => statuses.some((entry) => entry.status === 'ready'), 30_000, 'the restart');
    expect(statuses[0]).toEqual({ status: 'crashed', reason: 'exited unexpectedly with signal SIGKILL' });

    expect(supervisor.restarts).toBe(1);
    expect(supervisor.pid).not.toBe(firstPid);
    expect((await fetch(`${supervisor.url}/health`)).status).toBe(200);
    expect(findProcessGroups(alias)).toEqual([supervisor.pid]);
  });

  it('fails at once with the path named when the binary does not exist', async () => {
    const error = await startError(
      managed(llamaSpec(modelA, `nobin-${run}`, { command: `${binary}-missing` })),
    );
    expect(error.code).toBe('binary_not_found');
    expect(error.message).toContain(`${binary}-missing`);
  });

  it('fails fast with the engine complaint in the message when a flag is bad', async () => {
    const spec = llamaSpec(modelA, `badflag-${run}`);
    const engine = managed({ ...spec, args: [...(spec.args ?? []), '--bogus-flag'] });
    const error = await startError(engine);
    expect(error.code).toBe('exited_during_start');
    expect(error.message).toContain('invalid argument: --bogus-flag');
    expect(findProcessGroups(`badflag-${run}`)).toEqual([]);
  });

  it('fails fast naming the model file when it does not exist', async () => {
    const missing = `/nonexistent/${run}/model.gguf`;
    const error = await startError(managed(llamaSpec(missing, `nomodel-${run}`)));
    expect(error.code).toBe('exited_during_start');
    expect(error.exitCode).not.toBe(0);
    expect(error.message).toContain(`failed to open GGUF file '${missing}'`);
    expect(error.logTail.length).toBeGreaterThan(0);
  });

  describe('a swap group of two tiny models', () => {
    const marker = `swap-${run}`;
    let maxGroups = 0;
    let sampler: NodeJS.Timeout | undefined;

    beforeAll(() => {
      sampler = setInterval(() => {
        maxGroups = Math.max(maxGroups, findProcessGroups(marker).length);
      }, 5);
    });

    afterAll(() => {
      clearInterval(sampler);
    });

    function createGroup() {
      const a = managed(llamaSpec(modelA, `${marker}-A`));
      const b = managed(llamaSpec(modelB, `${marker}-B`));
      return { group: createSwapGroup({ members: { A: a, B: b } }), a, b };
    }

    it('alternates A, B, A with exactly one engine process running at any time', async () => {
      const { group, a, b } = createGroup();
      cleanups.push(() => group.close());
      for (const key of ['A', 'B', 'A'] as const) {
        const lease = await group.acquire(key);
        expect(await servedModel(lease.url)).toBe(`${marker}-${key}`);
        expect(findProcessGroups(marker)).toEqual([(key === 'A' ? a : b).pid]);
        lease.release();
      }
      expect(maxGroups).toBe(1);
      await group.close();
      await waitFor(() => findProcessGroups(marker).length === 0, 10_000, 'no engine left');
    });

    it('serves concurrent acquires for A and B without deadlock, one engine at a time', async () => {
      const { group } = createGroup();
      cleanups.push(() => group.close());
      const task = async (key: 'A' | 'B') => {
        const lease = await group.acquire(key);
        try {
          const response = await fetch(`${lease.url}/completion`, {
            method: 'POST',
            body: JSON.stringify({ prompt: 'Hi', n_predict: 4, seed: 1 }),
          });
          expect(response.status).toBe(200);
          return await servedModel(lease.url);
        } finally {
          lease.release();
        }
      };
      const keys = ['A', 'B', 'A', 'B', 'B', 'A'] as const;
      const served = await Promise.all(keys.map((key) => task(key)));
      expect(served).toEqual(keys.map((key) => `${marker}-${key}`));
      expect(maxGroups).toBe(1);
      await group.close();
    });
  });
});
