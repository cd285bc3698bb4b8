import { fileURLToPath } from 'node:url';

/** The repository root (this file is test-harness/bench/src/repo-paths.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The orchestrator's built CLI: what production runs (`pnpm start`), built by `pnpm build`. */
export const ORCHESTRATOR_CLI = fileURLToPath(
  new URL('../../../apps/orchestrator/dist/cli.js', import.meta.url),
);

/** The fake engines' CLI (`pnpm fake`). */
export const FAKE_ENGINE_CLI = fileURLToPath(
  new URL('../../../packages/fake-engines/src/cli.ts', import.meta.url),
);

/** This package's folder. */
export const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

/** A file of this package's `src/`. */
export function benchSource(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}
