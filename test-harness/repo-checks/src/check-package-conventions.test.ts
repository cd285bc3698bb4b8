import { describe, expect, it } from 'vitest';
import { checkPackageConventions } from './check-package-conventions.js';
import { createTestWorkspace } from './test-workspace.js';

const SCRIPTS = { typecheck: 'tsc -p tsconfig.json', test: 'vitest run' };
const SHARED_CONFIG = "export { default } from '../../vitest.shared.js';";

describe('checkPackageConventions', () => {
  it('requires a README.md and the typecheck and test scripts in every package', () => {
    const { packages, readFile } = createTestWorkspace([
      {
        dir: 'packages/good',
        manifest: { scripts: SCRIPTS },
        files: { 'README.md': '# good', 'vitest.config.ts': SHARED_CONFIG },
      },
      { dir: 'packages/bare', manifest: { scripts: { test: ' ' } } },
    ]);
    expect(checkPackageConventions(packages, readFile)).toEqual([
      'packages/bare has no README.md',
      'packages/bare/package.json has no "typecheck" script',
      'packages/bare/package.json has no "test" script',
    ]);
  });

  it('requires a package that runs vitest to build its vitest config on the shared one', () => {
    const { packages, readFile } = createTestWorkspace([
      { dir: 'packages/none', manifest: { scripts: SCRIPTS }, files: { 'README.md': '#' } },
      {
        dir: 'packages/own',
        manifest: { scripts: { ...SCRIPTS, test: 'tsx src/cli.ts && vitest run' } },
        files: { 'README.md': '#', 'vitest.config.ts': 'export default defineConfig({});' },
      },
      {
        dir: 'packages/no-vitest',
        manifest: { scripts: { ...SCRIPTS, test: 'bash check.sh' } },
        files: { 'README.md': '#' },
      },
    ]);
    expect(checkPackageConventions(packages, readFile)).toEqual([
      'packages/none runs vitest without a vitest.config.ts',
      'packages/own/vitest.config.ts does not build on vitest.shared.js',
    ]);
  });
});
