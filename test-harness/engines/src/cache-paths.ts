import { fileURLToPath } from 'node:url';

/** Folder of this package (test-harness/engines). */
export const ENGINE_TESTKIT_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Root of the repository that holds this package. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The fetch script, run by `ensureLlamaServerBinary` and by the package's `test` script. */
export const FETCH_SCRIPT_PATH = fileURLToPath(new URL('../fetch-llama-server.sh', import.meta.url));

/** The git-ignored cache root: `ORCH_CACHE_DIR`, else `<repo>/.cache` (the fetch script uses the same rule). */
export function resolveCacheDir(): string {
  return process.env.ORCH_CACHE_DIR ?? fileURLToPath(new URL('../../../.cache', import.meta.url));
}
