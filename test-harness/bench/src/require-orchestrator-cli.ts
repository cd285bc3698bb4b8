import { existsSync } from 'node:fs';
import { ORCHESTRATOR_CLI } from './repo-paths.js';

/**
 * Stops the run before any process starts when the orchestrator entry point is missing: the default is the
 * build (`apps/orchestrator/dist/cli.js`), which a fresh clone does not have until `pnpm build`.
 */
export function requireOrchestratorCli(cli: string, defaultCli = ORCHESTRATOR_CLI): void {
  if (existsSync(cli)) return;
  const hint = cli === defaultCli ? ': build it first with `pnpm build` (`pnpm bench` does)' : '';
  throw new Error(`the orchestrator CLI ${cli} does not exist${hint}`);
}
