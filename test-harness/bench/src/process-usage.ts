import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time and resident memory of one process (or a process group summed), read from /proc. */
export interface ProcessUsage {
  /** User + system CPU seconds since the process started (all its threads). */
  cpuSeconds: number;
  /** Resident set size, bytes. */
  rssBytes: number;
}

let clockTicksPerSecond: number | undefined;
let pageSizeBytes: number | undefined;

function readSystemConstant(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses, so the split
 * starts after the last `)`). Index 0 is field 3 (state) of proc(5).
 */
function readStatFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (utime + stime) and RSS of `pid`; throws when the process is gone. */
export function readProcessUsage(pid: number): ProcessUsage {
  clockTicksPerSecond ??= readSystemConstant('CLK_TCK', 100);
  pageSizeBytes ??= readSystemConstant('PAGESIZE', 4096);
  const fields = readStatFields(pid);
  // proc(5): utime is field 14, stime 15, rss (pages) 24; fields[0] is field 3.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuSeconds: (utime + stime) / clockTicksPerSecond, rssBytes: rssPages * pageSizeBytes };
}

/** Sums the usage of several processes (e.g. an nginx master and its workers). */
export function readProcessGroupUsage(pids: readonly number[]): ProcessUsage {
  let cpuSeconds = 0;
  let rssBytes = 0;
  for (const pid of pids) {
    const usage = readProcessUsage(pid);
    cpuSeconds += usage.cpuSeconds;
    rssBytes += usage.rssBytes;
  }
  return { cpuSeconds, rssBytes };
}

/**
 * Every process below `rootPid` (children, their children, ...), from one scan of /proc: a browser's zygote,
 * renderer and GPU processes, for instance.
 */
export function findDescendantProcesses(rootPid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readStatFields(Number(entry))[1]);
      const siblings = childrenOf.get(parent);
      if (siblings === undefined) childrenOf.set(parent, [Number(entry)]);
      else siblings.push(Number(entry));
    } catch {
      // The process ended while the folder was read.
    }
  }
  const found: number[] = [];
  const pending = [...(childrenOf.get(rootPid) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    found.push(pid);
    pending.push(...(childrenOf.get(pid) ?? []));
  }
  return found;
}

/** Busy and total CPU time of the whole machine (all cores), seconds, from /proc/stat. */
export interface MachineCpu {
  busySeconds: number;
  totalSeconds: number;
}

/**
 * Reads the machine-wide CPU counters. Kernel work that no process is charged for (network soft interrupts run
 * by ksoftirqd, for instance) shows up here and not in any process's utime/stime.
 */
export function readMachineCpu(): MachineCpu {
  clockTicksPerSecond ??= readSystemConstant('CLK_TCK', 100);
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  const total = busy + (idle ?? 0) + (iowait ?? 0);
  return { busySeconds: busy / clockTicksPerSecond, totalSeconds: total / clockTicksPerSecond };
}
