import { findImports, packageNameOf } from './find-imports.js';
import { isTypeScriptFile } from './repo-files.js';

/** The orchestrator's sources, where engine packages may be imported by one file only. */
export const ORCHESTRATOR_SOURCE_DIR = 'apps/orchestrator/src';
/** The orchestrator's composition root for engines: the only list of engine modules. */
export const ENGINE_MODULES_FILE = `${ORCHESTRATOR_SOURCE_DIR}/engine-modules.ts`;

/** True for an engine package: `@orch/adapter-*` except the contract and the shared utils. */
export function isEnginePackage(name: string): boolean {
  return /^@orch\/adapter-/.test(name) && name !== '@orch/adapter-api' && name !== '@orch/adapter-utils';
}

/**
 * Checks that no file of `apps/orchestrator/src` but {@link ENGINE_MODULES_FILE} imports an engine package,
 * so that the orchestrator knows engines only through the modules listed there. Returns one line per
 * violating import.
 */
export function checkEngineImports(files: readonly string[], readFile: (path: string) => string): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!file.startsWith(`${ORCHESTRATOR_SOURCE_DIR}/`) || !isTypeScriptFile(file)) continue;
    if (file === ENGINE_MODULES_FILE) continue;
    for (const { specifier, line } of findImports(readFile(file))) {
      const name = packageNameOf(specifier);
      if (name !== undefined && isEnginePackage(name)) {
        problems.push(
          `${file}:${line} imports ${name}: only ${ENGINE_MODULES_FILE} imports engine packages (use its modules)`,
        );
      }
    }
  }
  return problems;
}
