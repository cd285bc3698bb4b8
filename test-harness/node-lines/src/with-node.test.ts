import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeRegistry, type FakeRegistry } from './fake-registry.js';
import { REPO_ROOT, WITH_NODE_SCRIPT } from './node-lines-paths.js';
import { runScript } from './run-script.js';

let registry: FakeRegistry;

beforeEach(async () => {
  registry = await createFakeRegistry('24.1.0 24.10.0');
});

afterEach(async () => {
  await registry.remove();
});

describe('with-node.sh', () => {
  it('runs the command with the fetched node first on PATH', async () => {
    const result = await runScript(
      WITH_NODE_SCRIPT,
      ['24', 'bash', '-c', 'command -v node; node --version'],
      registry.env(),
    );
    expect(result.stdout.trim().split('\n')).toEqual([
      join(registry.cacheDir, 'node', '24.10.0', 'bin', 'node'),
      'v24.10.0',
    ]);
  });

  it("passes the command's exit status through", async () => {
    const result = await runScript(WITH_NODE_SCRIPT, ['24', 'bash', '-c', 'exit 3'], registry.env());
    expect(result.code).toBe(3);
  });

  it('refuses to run without a command, with status 2', async () => {
    const result = await runScript(WITH_NODE_SCRIPT, ['24'], registry.env());
    expect(result.code).toBe(2);
    expect(await registry.calls()).toEqual([]);
  });

  it('runs pnpm, and the scripts pnpm starts, on the real Node.js 24 from the npm registry', async () => {
    const result = await runScript(WITH_NODE_SCRIPT, [
      '24',
      'pnpm',
      'exec',
      'tsx',
      '-e',
      'console.log(process.version, process.env.npm_config_user_agent)',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [version = '', ...userAgent] = result.stdout.trim().split(' ');
    expect(version).toMatch(/^v24\.\d+\.\d+$/);
    expect(userAgent).toContain(`node/${version}`);
    const cacheDir = process.env.ORCH_CACHE_DIR ?? join(REPO_ROOT, '.cache');
    const fetched = await readFile(join(cacheDir, 'node', version.slice(1), 'VERSION'), 'utf8');
    expect(fetched.trim()).toBe(version);
  });
});
