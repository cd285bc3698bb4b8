import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FETCH_SCRIPT_PATH, resolveCacheDir } from './cache-paths.js';
import { ensureLlamaServerBinary } from './ensure-llama-server-binary.js';

const execFileAsync = promisify(execFile);
const WRAPPER = join(resolveCacheDir(), 'llama-server', 'bin', 'llama-server');

describe('fetch-llama-server.sh', () => {
  it('prints the path of the wrapper when the cache is present', async () => {
    await ensureLlamaServerBinary();
    const { stdout } = await execFileAsync('bash', [FETCH_SCRIPT_PATH], { timeout: 60_000 });
    expect(stdout.trim()).toBe(WRAPPER);
  });

  it('gives concurrent callers the same finished binary', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(() => execFileAsync('bash', [FETCH_SCRIPT_PATH], { timeout: 600_000 })),
    );
    expect(runs.map((run) => run.stdout.trim())).toEqual([WRAPPER, WRAPPER, WRAPPER]);
  });

  it('records the output of llama-server --version beside the binary', async () => {
    const recorded = await readFile(join(resolveCacheDir(), 'llama-server', 'VERSION'), 'utf8');
    const { stdout, stderr } = await execFileAsync(WRAPPER, ['--version'], { timeout: 30_000 });
    expect(`${stdout}${stderr}`.trim()).toBe(recorded.trim());
    expect((await ensureLlamaServerBinary()).version).toBe(recorded.split('\n')[0]?.trim());
  });
});
