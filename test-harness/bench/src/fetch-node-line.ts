import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './repo-paths.js';

const run = promisify(execFile);

/** The fetcher the Node.js line tests use; it keeps each release under .cache/node/<version>/bin. */
const FETCH_NODE_SCRIPT = join(REPO_ROOT, 'test-harness', 'node-lines', 'fetch-node.sh');

/**
 * The `node` binary of a Node.js line (`24`, `22.12`), fetched into the repository's .cache on first use (a warm
 * call reads no registry). fetch-node.sh prints the folder holding `node` as its last line.
 */
export async function fetchNodeLine(line: string): Promise<string> {
  try {
    const { stdout } = await run('bash', [FETCH_NODE_SCRIPT, line], {
      cwd: REPO_ROOT,
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const folder = stdout.trim().split('\n').at(-1) ?? '';
    if (folder.length === 0) throw new Error('fetch-node.sh printed no folder');
    return join(folder, 'node');
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    const detail = (failure.stderr ?? failure.message).trim().split('\n').slice(-3).join(' | ');
    throw new Error(`could not fetch Node.js ${line}: ${detail}`);
  }
}
