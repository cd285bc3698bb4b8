import semver from 'semver';
import { parse } from 'yaml';
import type { SupportedNodeLine } from './read-supported-node-lines.js';

interface LockedPackage {
  engines?: { node?: string };
}

/**
 * Lists every package in a pnpm-lock.yaml whose `engines.node` refuses the lowest release of a supported line,
 * one message per package (e.g. `some-client@5.0.0 needs node ">=22" and does not run on 20.19.0`).
 * Packages without an `engines.node` are not judged: nothing says which lines they need.
 */
export function findDependenciesOutsideNodeLines(
  lockfileText: string,
  lines: readonly SupportedNodeLine[],
): string[] {
  const lockfile = parse(lockfileText) as { packages?: Record<string, LockedPackage> } | null;
  const problems: string[] = [];
  for (const [name, locked] of Object.entries(lockfile?.packages ?? {})) {
    const needs = locked.engines?.node;
    if (needs === undefined) continue;
    const refused = lines.filter((line) => !semver.satisfies(line.lowest, needs, { loose: true }));
    if (refused.length > 0) {
      const versions = refused.map((line) => line.lowest).join(', ');
      problems.push(`${name} needs node "${needs}" and does not run on ${versions}`);
    }
  }
  return problems;
}
