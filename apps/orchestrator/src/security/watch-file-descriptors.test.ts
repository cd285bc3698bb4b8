import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { createMetrics } from '../metrics/create-metrics.js';
import { readOpenFileLimit, watchFileDescriptors } from './watch-file-descriptors.js';

describe('the fd watch (ORCH-SEC-017)', () => {
  it('reads the soft limit of open files from /proc/self/limits text', () => {
    const text =
      'Limit  Soft Limit  Hard Limit  Units\nMax open files            400                  4096                 files\n';
    expect(readOpenFileLimit(text)).toBe(400);
    expect(readOpenFileLimit('Max open files  unlimited  unlimited  files')).toBeUndefined();
  });

  it('logs one warning when open fds cross 80 % of the limit, and again only after they fell below 70 %', async () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const metrics = createMetrics();
    const samples = [100, 330, 350, 390, 250, 340];
    let next = 0;
    const stop = watchFileDescriptors({ logger, metrics }, 5, {
      limit: () => 400,
      open: () => samples[Math.min(next++, samples.length - 1)],
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    stop();
    const warnings = lines
      .map((line) => JSON.parse(line) as { msg: string; open_fds: number; limit: number })
      .filter((line) => line.msg === 'open file descriptors near the limit');
    expect(warnings.map((line) => line.open_fds)).toEqual([330, 340]);
    expect(warnings[0]?.limit).toBe(400);
    expect(await metrics.registry.getSingleMetricAsString('orch_open_fds_ratio')).toMatch(/ 0\.85$/m);
  });

  it('samples the real process on Linux', async () => {
    const metrics = createMetrics();
    const stop = watchFileDescriptors({ logger: createLogger({ write: () => {} }), metrics });
    stop();
    const text = await metrics.registry.getSingleMetricAsString('orch_open_fds_ratio');
    const ratio = Number(/^orch_open_fds_ratio (\S+)$/m.exec(text)?.[1]);
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
  });
});
