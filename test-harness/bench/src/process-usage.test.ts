import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findDescendantProcesses, readProcessGroupUsage, readProcessUsage } from './process-usage.js';

describe('readProcessUsage', () => {
  it('reads a growing CPU time and a plausible RSS for this process', () => {
    const before = readProcessUsage(process.pid);
    const until = performance.now() + 50;
    let spin = 0;
    while (performance.now() < until) spin += 1;
    const after = readProcessUsage(process.pid);
    expect(spin).toBeGreaterThan(0);
    expect(after.cpuSeconds).toBeGreaterThanOrEqual(before.cpuSeconds);
    expect(after.cpuSeconds).toBeGreaterThan(0);
    // A Node.js process holds more than 10 MB and less than what the machine has.
    expect(after.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(after.rssBytes).toBeLessThan(64 * 1024 ** 3);
  });

  it('throws for a process that does not exist', () => {
    expect(() => readProcessUsage(2 ** 30)).toThrow();
  });
});

describe('findDescendantProcesses', () => {
  it('finds a child this process started and its own child, and sums a group', async () => {
    const child = spawn('sh', ['-c', 'sleep 5 & wait'], { stdio: 'ignore' });
    try {
      const pid = child.pid as number;
      let grandchildren = findDescendantProcesses(pid);
      for (let tries = 0; grandchildren.length === 0 && tries < 50; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        grandchildren = findDescendantProcesses(pid);
      }
      // The shell's `sleep` is a grandchild of this process, found below it as well as below the shell.
      expect(grandchildren).toHaveLength(1);
      const below = findDescendantProcesses(process.pid);
      expect(below).toContain(pid);
      expect(below).toContain(grandchildren[0]);
      const alone = readProcessUsage(pid);
      expect(alone.rssBytes).toBeGreaterThan(0);
      // `sleep` neither allocates nor runs, so the same process counted twice is exactly double.
      expect(readProcessGroupUsage([pid, pid]).rssBytes).toBe(2 * alone.rssBytes);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
