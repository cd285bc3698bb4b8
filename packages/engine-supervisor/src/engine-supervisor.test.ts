import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeEngineSpec } from './__fixtures__/fake-engine-spec.js';
import { isProcessAlive, waitFor } from './__fixtures__/process-helpers.js';
import { createEngineProcess } from './engine-process.js';
import { EngineStartError } from './engine-start-error.js';
import type { EngineStatus } from './engine-status.js';
import {
  createEngineSupervisor,
  type EngineRestart,
  type EngineSupervisor,
  type EngineSupervisorOptions,
} from './engine-supervisor.js';
import type { LaunchSpec } from './launch-spec.js';

const supervisors: EngineSupervisor[] = [];

function supervise(spec: LaunchSpec, options: EngineSupervisorOptions = {}): EngineSupervisor {
  const supervisor = createEngineSupervisor(createEngineProcess(spec), {
    restartBackoff: { baseMs: 50, maxMs: 200 },
    ...options,
  });
  supervisors.push(supervisor);
  return supervisor;
}

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((supervisor) => supervisor.stop()));
});

describe('createEngineSupervisor', () => {
  it('restarts an engine killed with SIGKILL and reports crashed, then ready, with a restart count', async () => {
    const supervisor = supervise(fakeEngineSpec());
    await supervisor.start();
    const firstPid = supervisor.pid ?? 0;
    const statuses: Array<{ status: EngineStatus; reason: string | undefined }> = [];
    const restarts: EngineRestart[] = [];
    supervisor.on('status', ({ status, reason }) => statuses.push({ status, reason }));
    supervisor.on('restart', (restart) => restarts.push(restart));

    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => statuses.some((entry) => entry.status === 'ready'), 20_000, 'the restart');

    expect(statuses).toEqual([
      { status: 'crashed', reason: 'exited unexpectedly with signal SIGKILL' },
      { status: 'starting', reason: undefined },
      { status: 'ready', reason: undefined },
    ]);
    expect(restarts).toEqual([
      { restarts: 1, attempt: 1, delayMs: 50, reason: 'exited unexpectedly with signal SIGKILL' },
    ]);
    expect(supervisor.restarts).toBe(1);
    expect(supervisor.pid).not.toBe(firstPid);
    expect(isProcessAlive(firstPid)).toBe(false);
    expect((await fetch(`${supervisor.url}/health`)).status).toBe(200);
    expect(supervisor.lastStartDurationMs).toBeGreaterThan(0);
  });

  it('backs off exponentially across repeated crashes and gives up after maxRestarts', async () => {
    const supervisor = supervise(fakeEngineSpec(['--crash-after-ms', '30']), {
      restartBackoff: { baseMs: 40, maxMs: 100 },
      maxRestarts: 3,
    });
    const delays: number[] = [];
    supervisor.on('restart', (restart) => delays.push(restart.delayMs));
    let gaveUp = false;
    supervisor.on('gave-up', () => {
      gaveUp = true;
    });
    await supervisor.start();
    await waitFor(() => gaveUp, 20_000, 'giving up');

    expect(delays).toEqual([40, 80, 100]);
    expect(supervisor.restarts).toBe(3);
    expect(supervisor.gaveUp).toBe(true);
    expect(supervisor.status).toBe('crashed');
    expect(supervisor.pid).toBeUndefined();
  });

  it('retries a restart that fails to start, with the next backoff step, until one succeeds', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'engine-supervisor-'));
    const blockFile = join(directory, 'block');
    const spec = fakeEngineSpec([
      '--crash-after-ms',
      '100',
      '--crash-once-file',
      join(directory, 'crashed'),
      '--fail-start-while-file',
      blockFile,
    ]);
    const supervisor = supervise(spec);
    const failures: unknown[] = [];
    supervisor.on('restart-failed', ({ error }) => {
      failures.push(error);
      void rm(blockFile, { force: true });
    });
    await supervisor.start();
    await writeFile(blockFile, 'block');
    await waitFor(() => supervisor.restarts === 2 && supervisor.status === 'ready', 20_000, 'recovery');

    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(EngineStartError);
    expect((failures[0] as EngineStartError).exitCode).toBe(5);
    expect((failures[0] as EngineStartError).message).toContain('blocked by --fail-start-while-file');
  });

  it('cancels a pending restart when stopped during the backoff', async () => {
    // The backoff is long enough that a busy machine cannot let the restart begin before stop() runs.
    const supervisor = supervise(fakeEngineSpec(), { restartBackoff: { baseMs: 2_000, maxMs: 2_000 } });
    await supervisor.start();
    let restarted = false;
    supervisor.on('restart', () => {
      restarted = true;
    });
    process.kill(supervisor.pid ?? 0, 'SIGKILL');
    await waitFor(() => supervisor.nextRestartAt !== undefined, 15_000, 'the restart to be scheduled');
    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(restarted).toBe(false);
    expect(supervisor.status).toBe('stopped');
    expect(supervisor.nextRestartAt).toBeUndefined();
  });

  it('does not restart an engine that was stopped on purpose', async () => {
    const supervisor = supervise(fakeEngineSpec());
    await supervisor.start();
    const statuses: EngineStatus[] = [];
    supervisor.on('status', ({ status }) => statuses.push(status));
    await supervisor.stop();
    expect(statuses).toEqual(['stopping', 'stopped']);
    expect(supervisor.restarts).toBe(0);
  });

  it('restarts again after giving up once start() is called by hand', async () => {
    const supervisor = supervise(fakeEngineSpec(['--crash-after-ms', '30']), {
      restartBackoff: { baseMs: 20, maxMs: 20 },
      maxRestarts: 1,
    });
    let gaveUp = 0;
    supervisor.on('gave-up', () => {
      gaveUp += 1;
    });
    await supervisor.start();
    await waitFor(() => gaveUp === 1, 20_000, 'giving up');
    await supervisor.start();
    expect(supervisor.gaveUp).toBe(false);
    await waitFor(() => supervisor.restarts === 2, 20_000, 'a new restart after the manual start');
  });

  it('rejects a failed first start without scheduling restarts', async () => {
    const supervisor = supervise(fakeEngineSpec(['--exit-at-start', '2']));
    await expect(supervisor.start()).rejects.toMatchObject({ code: 'exited_during_start', exitCode: 2 });
    expect(supervisor.nextRestartAt).toBeUndefined();
    expect(supervisor.status).toBe('crashed');
  });
});
