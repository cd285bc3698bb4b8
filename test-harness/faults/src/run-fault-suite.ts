import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';

/** The package root: features and cucumber.mjs are found relative to it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Options of {@link runFaultSuite}. */
export interface RunFaultSuiteOptions {
  /** A cucumber tag expression selecting scenarios, e.g. `@ORCH-FLT-006 or @llama-server`. */
  tags?: string;
  /** Where progress output goes. Default: the process's stdout. */
  stdout?: Writable;
  /** Where warnings and errors go. Default: the process's stderr. */
  stderr?: Writable;
}

/**
 * Runs the fault scenarios in this process (TypeScript step definitions are imported natively, so the process
 * must run under tsx, with `--conditions=@orch/source` for the workspace packages' sources). Resolves with `success: false` when any scenario failed or a step is undefined,
 * pending or ambiguous.
 */
export async function runFaultSuite(options: RunFaultSuiteOptions = {}): Promise<{ success: boolean }> {
  const { runConfiguration } = await loadConfiguration(
    { file: 'cucumber.mjs', provided: options.tags === undefined ? {} : { tags: options.tags } },
    { cwd: PACKAGE_ROOT },
  );
  const { success } = await runCucumber(runConfiguration, {
    cwd: PACKAGE_ROOT,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
  });
  return { success };
}
