import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKE_NPM = fileURLToPath(new URL('./__fixtures__/fake-npm.sh', import.meta.url));

/** A private cache and a fake `npm` (see `__fixtures__/fake-npm.sh`) for running fetch-node.sh offline. */
export interface FakeRegistry {
  /** What ORCH_CACHE_DIR points at. */
  cacheDir: string;
  /** The environment for the scripts: the fake npm first on PATH, its knobs and the private cache. */
  env(knobs?: { versions?: string; offline?: boolean; corrupt?: boolean }): NodeJS.ProcessEnv;
  /** The fake npm's calls so far, one string of arguments each. */
  calls(): Promise<string[]>;
  remove(): Promise<void>;
}

/** Makes a fake registry that publishes `versions` (separated by spaces) unless a call's knobs say otherwise. */
export async function createFakeRegistry(versions: string): Promise<FakeRegistry> {
  const root = await mkdtemp(join(tmpdir(), 'fetch-node-test-'));
  const binDir = join(root, 'bin');
  const registryDir = join(root, 'registry');
  const logFile = join(root, 'npm-calls.log');
  await mkdir(binDir);
  await mkdir(registryDir);
  await symlink(FAKE_NPM, join(binDir, 'npm'));
  return {
    cacheDir: join(root, 'cache'),
    env(knobs = {}) {
      return {
        ...process.env,
        PATH: `${binDir}:${process.env.PATH ?? ''}`,
        ORCH_CACHE_DIR: join(root, 'cache'),
        FAKE_NPM_VERSIONS: knobs.versions ?? versions,
        FAKE_NPM_REGISTRY: registryDir,
        FAKE_NPM_LOG: logFile,
        FAKE_NPM_OFFLINE: knobs.offline === true ? '1' : '0',
        FAKE_NPM_CORRUPT: knobs.corrupt === true ? '1' : '0',
      };
    },
    async calls() {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text.split('\n').filter((line) => line.length > 0);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
