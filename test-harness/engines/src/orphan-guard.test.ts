import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./__fixtures__/start-and-abandon.ts', import.meta.url));

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isGone(pid)) return true;
    await delay(20);
  }
  return isGone(pid);
}

async function startFixture(mode: 'exit' | 'wait'): Promise<{ child: ChildProcess; serverPid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@orch/source', FIXTURE, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    output += chunk;
  });
  const deadline = Date.now() + 45_000;
  while (!/^\d+\n/.test(output) && Date.now() < deadline && child.exitCode === null) await delay(20);
  const serverPid = Number(output.split('\n')[0]);
  if (!Number.isInteger(serverPid) || serverPid <= 0) {
    child.kill('SIGKILL');
    throw new Error(`fixture printed no pid: ${JSON.stringify(output)}`);
  }
  return { child, serverPid };
}

/** Cleans up after a failing guard so that the failure itself leaves no engine behind. */
function killIfAlive(pid: number): void {
  if (!isGone(pid)) process.kill(pid, 'SIGKILL');
}

describe('orphan guard', () => {
  it('kills the engine when the test process exits without calling stop()', async () => {
    const { child, serverPid } = await startFixture('exit');
    if (child.exitCode === null) await once(child, 'exit');
    try {
      expect(await waitUntilGone(serverPid, 5_000)).toBe(true);
    } finally {
      killIfAlive(serverPid);
    }
  });

  it('kills the engine when the test process is terminated by SIGTERM', async () => {
    const { child, serverPid } = await startFixture('wait');
    expect(isGone(serverPid)).toBe(false);
    child.kill('SIGTERM');
    const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    try {
      expect(signal).toBe('SIGTERM');
      expect(await waitUntilGone(serverPid, 5_000)).toBe(true);
    } finally {
      killIfAlive(serverPid);
    }
  });
});
