import { describe, expect, it } from 'vitest';
import { checkPackageConventions } from './check-package-conventions.js';
import { createTestWorkspace } from './test-workspace.js';

describe('checkPackageConventions', () => {
  it('requires a README.md and the typecheck and test scripts in every package', () => {
    const scripts = { typecheck: 'tsc -p tsconfig.json', test: 'vitest run' };
    const { packages } = createTestWorkspace([
      { dir: 'packages/good', manifest: { scripts }, files: { 'README.md': '# good' } },
      { dir: 'packages/bare', manifest: { scripts: { test: ' ' } } },
    ]);
    expect(checkPackageConventions(packages)).toEqual([
      'packages/bare has no README.md',
      'packages/bare/package.json has no "typecheck" script',
      'packages/bare/package.json has no "test" script',
    ]);
  });
});
