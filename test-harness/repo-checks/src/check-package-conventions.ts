import type { WorkspacePackage } from './workspace-packages.js';

/** The scripts every workspace package has, so that `turbo run typecheck test` reaches all of them. */
export const REQUIRED_SCRIPTS = ['typecheck', 'test'] as const;

/** Checks that every workspace package has a README.md and the scripts `typecheck` and `test`. */
export function checkPackageConventions(packages: readonly WorkspacePackage[]): string[] {
  const problems: string[] = [];
  for (const pkg of packages) {
    if (!pkg.files.includes(`${pkg.dir}/README.md`)) problems.push(`${pkg.dir} has no README.md`);
    for (const script of REQUIRED_SCRIPTS) {
      const command = pkg.manifest.scripts?.[script];
      if (typeof command !== 'string' || command.trim().length === 0) {
        problems.push(`${pkg.dir}/package.json has no "${script}" script`);
      }
    }
  }
  return problems;
}
