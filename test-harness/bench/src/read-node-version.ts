import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What `node --version` prints for the binary at `path` (e.g. `v24.11.1`); rejects when it does not run. */
export async function readNodeVersion(path: string): Promise<string> {
  const { stdout } = await run(path, ['--version'], { timeout: 10_000 });
  const version = stdout.trim();
  if (!/^v\d+\.\d+\.\d+/.test(version))
    throw new Error(`${path} --version printed ${JSON.stringify(version)}`);
  return version;
}
