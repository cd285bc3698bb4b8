import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toProfileClock } from './profile-clock.js';

describe('toProfileClock', () => {
  it('puts a moment of this process inside the span of a CPU profile another process wrote at that moment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-profile-clock-'));
    const before = toProfileClock(performance.now());
    execFileSync(process.execPath, [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '-e',
      'let x = 0; for (let i = 0; i < 1e6; i++) x += i;',
    ]);
    const after = toProfileClock(performance.now());
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile')) as string;
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      startTime: number;
      endTime: number;
    };
    expect(profile.startTime).toBeGreaterThanOrEqual(before);
    expect(profile.endTime).toBeLessThanOrEqual(after);
  });
});
