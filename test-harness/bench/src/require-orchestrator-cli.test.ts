import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireOrchestratorCli } from './require-orchestrator-cli.js';

describe('requireOrchestratorCli', () => {
  it('accepts an entry point that exists', () => {
    expect(() => requireOrchestratorCli(fileURLToPath(import.meta.url))).not.toThrow();
  });

  it('tells how to build the default entry point when it is missing', () => {
    expect(() => requireOrchestratorCli('/nowhere/dist/cli.js', '/nowhere/dist/cli.js')).toThrow(
      /\/nowhere\/dist\/cli\.js does not exist: build it first with `pnpm build`/,
    );
  });

  it('names a missing --orchestrator-cli without the build hint', () => {
    expect(() => requireOrchestratorCli('/tmp/try/cli.ts', '/nowhere/dist/cli.js')).toThrow(
      /^the orchestrator CLI \/tmp\/try\/cli\.ts does not exist$/,
    );
  });
});
