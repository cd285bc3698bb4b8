import type { WorkspacePackage } from './workspace-packages.js';

/** The scripts every workspace package has, so that `turbo run typecheck test` reaches all of them. */
export const REQUIRED_SCRIPTS = ['typecheck', 'test'] as const;

/** The vitest settings every package builds on (timeouts, and the export condition that resolves sources). */
export const SHARED_VITEST_CONFIG = 'vitest.shared.js';

/**
 * Checks that every workspace package has a README.md and the scripts `typecheck` and `test`, and that a package
 * whose tests run vitest has a `vitest.config.ts` built on the shared settings (without them vitest would
 * resolve the workspace packages to their builds instead of their sources).
 */
export function checkPackageConventions(
  packages: readonly WorkspacePackage[],
  readFile: (path: string) => string,
): string[] {
  const problems: string[] = [];
  for (const pkg of packages) {
    if (!pkg.files.includes(`${pkg.dir}/README.md`)) problems.push(`${pkg.dir} has no README.md`);
    for (const script of REQUIRED_SCRIPTS) {
      const command = pkg.manifest.scripts?.[script];
      if (typeof command !== 'string' || command.trim().length === 0) {
        problems.push(`${pkg.dir}/package.json has no "${script}" script`);
      }
    }
    if (!/\bvitest\b/.test(pkg.manifest.scripts?.test ?? '')) continue;
    const config = `${pkg.dir}/vitest.config.ts`;
    if (!pkg.files.includes(config)) problems.push(`${pkg.dir} runs vitest without a vitest.config.ts`);
    else if (!readFile(config).includes(SHARED_VITEST_CONFIG))
      problems.push(`${config} does not build on ${SHARED_VITEST_CONFIG}`);
  }
  return problems;
}
