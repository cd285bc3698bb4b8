import { ORCHESTRATOR_SOURCE_DIR } from './check-engine-imports.js';
import { type FolderCycle, findFolderCycles } from './find-folder-cycles.js';

/**
 * Cycles between the orchestrator's folders known today and not fixed yet, each as its sorted folder list
 * joined by ` ↔ `. The list may only shrink: a cycle not listed fails the check, and so does a listed one
 * that is gone (remove it from here).
 */
export const KNOWN_ORCHESTRATOR_CYCLES: readonly string[] = [];

/**
 * Checks that no two folders of `apps/orchestrator/src` import each other, directly or through others,
 * except the cycles of `known`. Returns one line per new cycle (with the imports that close it) and one per
 * known cycle that no longer exists.
 */
export function checkFolderCycles(
  files: readonly string[],
  readFile: (path: string) => string,
  known: readonly string[] = KNOWN_ORCHESTRATOR_CYCLES,
): string[] {
  const cycles = findFolderCycles(ORCHESTRATOR_SOURCE_DIR, files, readFile);
  const names = new Set(cycles.map(nameOf));
  const problems = cycles
    .filter((cycle) => !known.includes(nameOf(cycle)))
    .map(
      (cycle) =>
        `${ORCHESTRATOR_SOURCE_DIR}: folders ${nameOf(cycle)} import each other: ${cycle.imports.join('; ')}`,
    );
  for (const name of known) {
    if (!names.has(name))
      problems.push(`known cycle ${name} is gone: remove it from KNOWN_ORCHESTRATOR_CYCLES`);
  }
  return problems;
}

function nameOf(cycle: FolderCycle): string {
  return cycle.folders.join(' ↔ ');
}
