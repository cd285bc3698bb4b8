import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeRegistry, type FakeRegistry } from './fake-registry.js';
import { FETCH_NODE_SCRIPT } from './node-lines-paths.js';
import { runScript } from './run-script.js';

const execFileAsync = promisify(execFile);
const TWO_DAYS_AGO = new Date(Date.now() - 2 * 24 * 3600 * 1000);

let registry: FakeRegistry;
const binOf = (version: string) => join(registry.cacheDir, 'node', version, 'bin');

beforeEach(async () => {
  registry = await createFakeRegistry('22.5.0 24.1.0 24.9.0 24.10.0');
});

afterEach(async () => {
  await registry.remove();
});

describe('fetch-node.sh', () => {
  it('fetches the highest release of a line and prints the folder that holds its node', async () => {
    const result = await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env());
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(binOf('24.10.0'));
    const { stdout } = await execFileAsync(join(binOf('24.10.0'), 'node'), ['--version']);
    expect(stdout.trim()).toBe('v24.10.0');
    expect((await readFile(join(binOf('24.10.0'), '..', 'VERSION'), 'utf8')).trim()).toBe('v24.10.0');
  });

  it('records the package, the tarball address and the integrity it checked', async () => {
    await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env());
    const [spec, url, integrity] = (await readFile(join(binOf('24.10.0'), '..', 'SOURCE'), 'utf8')).split(
      '\n',
    );
    expect(spec).toMatch(/^node-linux-[a-z0-9]+@24\.10\.0$/);
    expect(url).toMatch(/\/-\/node-linux-[a-z0-9]+-24\.10\.0\.tgz$/);
    const tarball = await readFile(
      join(registry.cacheDir, '..', 'registry', `${spec?.split('@')[0]}-24.10.0.tgz`),
    );
    expect(integrity).toBe(`sha512-${createHash('sha512').update(tarball).digest('base64')}`);
  });

  it('answers a warm call from the cache without asking the registry', async () => {
    await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env());
    const callsAfterFetch = await registry.calls();
    const warm = await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env());
    expect(warm.stdout.trim()).toBe(binOf('24.10.0'));
    expect(await registry.calls()).toEqual(callsAfterFetch);
  });

  it('takes an exact version as it is', async () => {
    const result = await runScript(FETCH_NODE_SCRIPT, ['24.9.0'], registry.env());
    expect(result.stdout.trim()).toBe(binOf('24.9.0'));
    const { stdout } = await execFileAsync(join(binOf('24.9.0'), 'node'), ['--version']);
    expect(stdout.trim()).toBe('v24.9.0');
  });

  it('refuses a tarball that differs from the registry integrity, and leaves nothing in the cache', async () => {
    const result = await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env({ corrupt: true }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/integrity mismatch/);
    const left = await readdir(join(registry.cacheDir, 'node'));
    expect(left.filter((name) => name.startsWith('24.10.0') && !name.endsWith('.lock'))).toEqual([]);
  });

  it('gives concurrent callers one download and the same finished folder', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => runScript(FETCH_NODE_SCRIPT, ['24'], registry.env())));
    expect(runs.map((run) => run.stdout.trim())).toEqual([
      binOf('24.10.0'),
      binOf('24.10.0'),
      binOf('24.10.0'),
    ]);
    expect((await registry.calls()).filter((call) => call.startsWith('pack '))).toHaveLength(1);
  });

  it('resolves a line again once its answer is a day old, and fetches the newer release', async () => {
    await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env());
    await utimes(join(registry.cacheDir, 'node', '24.resolved'), TWO_DAYS_AGO, TWO_DAYS_AGO);
    const result = await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env({ versions: '24.10.0 24.11.0' }));
    expect(result.stdout.trim()).toBe(binOf('24.11.0'));
  });

  it('keeps the last resolved release, with a warning, when the registry cannot be reached', async () => {
    await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env());
    await utimes(join(registry.cacheDir, 'node', '24.resolved'), TWO_DAYS_AGO, TWO_DAYS_AGO);
    const result = await runScript(FETCH_NODE_SCRIPT, ['24'], registry.env({ offline: true }));
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(binOf('24.10.0'));
    expect(result.stderr).toMatch(/using the last resolved 24\.10\.0/);
  });

  it('fails, naming the request, when the line has no release', async () => {
    const result = await runScript(FETCH_NODE_SCRIPT, ['26'], registry.env());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/cannot resolve node-linux-[a-z0-9]+@26/);
  });

  it('refuses a request that is not a version with status 2', async () => {
    const result = await runScript(FETCH_NODE_SCRIPT, ['latest'], registry.env());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage: fetch-node\.sh/);
    expect(await registry.calls()).toEqual([]);
  });
});
