import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ManagedEngineFixtures,
  managedPool,
  prepareManagedEngineFixtures,
} from './managed-engine-fixtures.js';
import { findProcessGroups } from './process-groups.js';
import { runCli } from './spawn-orchestrator.js';

let fixtures: ManagedEngineFixtures;
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  fixtures = await prepareManagedEngineFixtures();
}, 120_000);

async function writeConfig(name: string, pools: unknown[]): Promise<string> {
  const path = join(fixtures.directory, `${name}.yaml`);
  await writeFile(path, JSON.stringify({ pools }));
  return path;
}

describe('orch warmup (ORCH-LIFE-060)', () => {
  it('starts every persistent engine, reports each ready with its start time, stops them and exits 0', async () => {
    const config = await writeConfig('ok', [
      managedPool(fixtures, run, 'wa', fixtures.modelA),
      managedPool(fixtures, run, 'wb', fixtures.modelB),
      managedPool(fixtures, run, 'wlazy', fixtures.modelA, { mode: 'lazy' }),
    ]);
    const { code, stdout } = await runCli(['warmup', '--config', config]);
    expect(code).toBe(0);
    expect(stdout).toContain('warming up 2 engine(s)');
    expect(stdout).toMatch(/^ready {2}wa\/wa-r0 {2}\d+ ms {2}http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toMatch(/^ready {2}wb\/wb-r0 {2}\d+ ms {2}http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).not.toContain('wlazy');
    expect(stdout).toContain('all 2 engine(s) ready; stopped them again');
    expect(findProcessGroups(run)).toEqual([]);
  }, 60_000);

  it('exits 1 naming the cause when an engine cannot start', async () => {
    const config = await writeConfig('bad', [
      managedPool(fixtures, run, 'wgood', fixtures.modelA),
      managedPool(fixtures, run, 'wbad', fixtures.modelA, { model: '/nonexistent/warmup-model.gguf' }),
    ]);
    const { code, stdout } = await runCli(['warmup', '--config', config]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ready {2}wgood\/wgood-r0 /m);
    expect(stdout).toMatch(/^failed {2}wbad\/wbad-r0 {2}after \d+ ms: .*exited during start/m);
    expect(stdout).toContain('/nonexistent/warmup-model.gguf');
    expect(stdout).toContain('1 of 2 engine(s) failed to start');
    expect(findProcessGroups(run)).toEqual([]);
  }, 60_000);

  it('refuses to run without --config, and with an invalid launch section, with exit code 2', async () => {
    expect(await runCli(['warmup'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--config FILE/),
    });
    const config = await writeConfig('invalid', [
      managedPool(fixtures, run, 'winv', fixtures.modelA, { swap_group: 'g' }),
    ]);
    const { code, stderr } = await runCli(['warmup', '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/pools\[0\]\.replicas\[0\]\.launch\.swap_group: a swap group needs `mode: lazy`/);
  }, 30_000);
});
