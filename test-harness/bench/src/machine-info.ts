import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import type { MachineInfo } from './bench-result.js';
import { readMachineCpu } from './process-usage.js';

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? `Linux ${release()}`;
  } catch {
    return `${process.platform} ${release()}`;
  }
}

/** Cores the machine keeps busy over `ms` while the bench does nothing (other jobs, other sessions). */
export async function measureBackgroundLoad(ms = 1000): Promise<number> {
  const before = readMachineCpu();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = readMachineCpu();
  return (after.busySeconds - before.busySeconds) / (ms / 1000);
}

/** What the report says about the machine. */
export async function readMachineInfo(): Promise<MachineInfo> {
  const processors = cpus();
  return {
    backgroundCoresBusy: await measureBackgroundLoad(),
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.versions.node,
    os: osName(),
  };
}
