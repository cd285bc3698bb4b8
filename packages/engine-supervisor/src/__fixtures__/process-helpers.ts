import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** True while `pid` is a live process (a zombie waiting to be reaped counts as gone). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return processState(pid) !== 'Z';
}

/** Single-letter state from /proc/PID/stat (R, S, Z…), or undefined when the process is gone. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Pids of live (non-zombie) processes whose command line contains every one of `needles`. */
export function findProcesses(...needles: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (needles.every((needle) => commandLine.includes(needle)) && isProcessAlive(pid)) pids.push(pid);
  }
  return pids;
}

/** Polls `check` every 20 ms until it returns true; throws with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(20);
  }
}

/**
 * Process groups with at least one live process whose command line contains every one of `needles`.
 * One engine is one group (the engine, its watchdog loop, its workers), so this counts engines, including
 * one that is between spawn and exec.
 */
export function findProcessGroups(...needles: string[]): number[] {
  const groups = new Set<number>();
  for (const pid of findProcesses(...needles)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      groups.add(Number(fields[2]));
    } catch {
      // gone meanwhile
    }
  }
  return [...groups];
}
