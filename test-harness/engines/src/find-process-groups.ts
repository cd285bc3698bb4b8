import { readdirSync, readFileSync } from 'node:fs';

/** The /proc/PID/stat fields after the command name: state is [0], process group [2]. */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * Process groups with a live (non-zombie) process whose command line contains `needle`. A managed engine is
 * one group (the engine and its watchdog loop), so this counts engines.
 */
export function findProcessGroups(needle: string): number[] {
  const groups = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (!commandLine.includes(needle)) continue;
    const fields = statFields(entry);
    if (fields === undefined || fields[0] === 'Z') continue;
    groups.add(Number(fields[2]));
  }
  return [...groups];
}
