import { existsSync, readFileSync, rmSync } from 'node:fs';
import { benchSource } from './repo-paths.js';

/** Memory of a Node.js relay after a full collection, as its preloaded probe reported it. */
export interface ProbedMemory {
  /** Resident set size, bytes. */
  rss: number;
  /** Live JavaScript heap, bytes. */
  heapUsed: number;
  /** Memory of C++ objects bound to JavaScript (sockets, buffers), bytes. */
  external: number;
  /** Array buffers (part of `external`), bytes. */
  arrayBuffers: number;
}

/** Node.js flags that load the memory probe (see memory-probe-preload.mjs). */
export function memoryProbeFlags(): string[] {
  return ['--expose-gc', '--import', benchSource('memory-probe-preload.mjs')];
}

/** Asks the relay for a collection and its memory; `null` if it does not answer within `timeoutMs`. */
export async function probeMemory(
  pid: number,
  file: string,
  timeoutMs = 5_000,
): Promise<ProbedMemory | null> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (existsSync(file)) {
      const probed = JSON.parse(readFileSync(file, 'utf8')) as ProbedMemory;
      return probed;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return null;
}
