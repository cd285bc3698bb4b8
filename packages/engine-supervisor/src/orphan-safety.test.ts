import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeEngineSpec } from './__fixtures__/fake-engine-spec.js';
import { isProcessAlive, waitFor } from './__fixtures__/process-helpers.js';
import type { LaunchSpec } from './launch-spec.js';

const OWNER_SCRIPT = fileURLToPath(new URL('./__fixtures__/owner-process.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const owners: ChildProcess[] = [];
const leftovers: number[] = [];

/** Runs the owner script; resolves with the engine pid it printed and the grandchild pid if any. */
async function startOwner(
  mode: 'hang' | 'exit' | 'throw' | 'once',
  spec: LaunchSpec,
): Promise<{ owner: ChildProcess; enginePid: number; grandchildPid: number | undefined }> {
  const hasChild = spec.args?.includes('--spawn-child') ?? false;
  const args = [OWNER_SCRIPT, mode, JSON.stringify(spec), ...(hasChild ? ['fake-engine: child pid'] : [])];
  const owner = spawn(process.execPath, ['--import', 'tsx', '--conditions=@orch/source', ...args], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  owners.push(owner);
  let stderr = '';
  owner.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: owner.stdout ?? process.stdin });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    once(owner, 'exit').then(() => {
      throw new Error(`owner exited before starting its engine: ${stderr}`);
    }),
  ]);
  const { pid, line } = JSON.parse(first) as { pid: number; line?: string };
  leftovers.push(pid);
  const grandchildPid = line ? Number(line.split(' ').at(-1)) : undefined;
  if (grandchildPid) leftovers.push(grandchildPid);
  return { owner, enginePid: pid, grandchildPid };
}

afterEach(() => {
  for (const owner of owners.splice(0)) if (owner.exitCode === null) owner.kill('SIGKILL');
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
});

describe('orphan safety', () => {
  it('kills the engine and its children within seconds when the owner is killed with SIGKILL (the watchdog)', async () => {
    const { owner, enginePid, grandchildPid } = await startOwner('hang', fakeEngineSpec(['--spawn-child']));
    expect(isProcessAlive(enginePid)).toBe(true);
    expect(grandchildPid !== undefined && isProcessAlive(grandchildPid)).toBe(true);
    owner.kill('SIGKILL');
    await waitFor(() => !isProcessAlive(enginePid), 15_000, 'the engine to die after its owner');
    await waitFor(() => !isProcessAlive(grandchildPid ?? 0), 10_000, 'the grandchild to die after its owner');
  });

  it('kills the engine when its owner exits normally (the exit hook)', async () => {
    const { owner, enginePid } = await startOwner('exit', fakeEngineSpec(['--ignore-sigterm']));
    await once(owner, 'exit');
    await waitFor(() => !isProcessAlive(enginePid), 10_000, 'the engine to die after process.exit()');
  });

  it('kills the engine when its owner dies of an uncaught exception', async () => {
    const { owner, enginePid } = await startOwner('throw', fakeEngineSpec());
    const [code] = await once(owner, 'exit');
    expect(code).toBe(1);
    await waitFor(() => !isProcessAlive(enginePid), 10_000, 'the engine to die after the crash');
  });

  it('kills the engine and still ends the owner by SIGTERM when the owner has no handler of its own', async () => {
    const { owner, enginePid } = await startOwner('hang', fakeEngineSpec());
    owner.kill('SIGTERM');
    const [, signal] = await once(owner, 'exit');
    expect(signal).toBe('SIGTERM');
    await waitFor(() => !isProcessAlive(enginePid), 10_000, 'the engine to die after SIGTERM');
  });

  it('lets an owner with its own process.once SIGTERM handler shut down cleanly (regression: orch serve died of SIGTERM)', async () => {
    const { owner, enginePid } = await startOwner('once', fakeEngineSpec());
    owner.kill('SIGTERM');
    const [code, signal] = await once(owner, 'exit');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    await waitFor(() => !isProcessAlive(enginePid), 10_000, 'the engine to be stopped by its owner');
  });

  it('would leave the engine running after a SIGKILL of the owner without the watchdog (control)', async () => {
    const { owner, enginePid } = await startOwner('hang', fakeEngineSpec([], { watchdog: false }));
    owner.kill('SIGKILL');
    await once(owner, 'exit');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(isProcessAlive(enginePid)).toBe(true);
  });
});
