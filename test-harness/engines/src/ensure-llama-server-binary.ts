import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FETCH_SCRIPT_PATH, resolveCacheDir } from './cache-paths.js';

const execFileAsync = promisify(execFile);

/** A llama-server ready to run. */
export interface LlamaServerBinary {
  /** Executable to spawn (the wrapper that runs the server through its private loader). */
  path: string;
  /** First line of `llama-server --version`, e.g. `version: 0.7.0 (build 11669, commit Debian)`. */
  version: string;
}

let pending: Promise<LlamaServerBinary> | undefined;

/**
 * Returns the cached llama-server, running `fetch-llama-server.sh` first when the cache lacks it
 * (at most once per process). `LLAMA_SERVER_BIN` points at another build instead and skips the fetch.
 */
export function ensureLlamaServerBinary(): Promise<LlamaServerBinary> {
  pending ??= locateOrFetch().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

async function locateOrFetch(): Promise<LlamaServerBinary> {
  const override = process.env.LLAMA_SERVER_BIN;
  if (override) return { path: override, version: await readVersionOf(override) };
  const target = join(resolveCacheDir(), 'llama-server');
  const wrapper = join(target, 'bin', 'llama-server');
  const versionFile = join(target, 'VERSION');
  if (!(await isExecutable(wrapper)) || !(await isExecutable(versionFile, constants.R_OK))) {
    try {
      await execFileAsync('bash', [FETCH_SCRIPT_PATH], { timeout: 900_000, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`fetch-llama-server.sh failed: ${String(error)}\n${stderr.slice(-4000)}`);
    }
  }
  const version = firstLine(await readFile(versionFile, 'utf8'));
  return { path: wrapper, version };
}

async function readVersionOf(binary: string): Promise<string> {
  const { stdout, stderr } = await execFileAsync(binary, ['--version'], { timeout: 30_000 });
  return firstLine(`${stdout}${stderr}`);
}

async function isExecutable(path: string, mode = constants.X_OK): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}
