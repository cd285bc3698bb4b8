import { describe, expect, it } from 'vitest';
import { checkBuiltPackages, listRuntimePackages } from './check-built-packages.js';
import { createTestWorkspace } from './test-workspace.js';
import type { PackageManifest } from './workspace-packages.js';

const BUILT: PackageManifest = {
  scripts: { build: 'rm -rf dist && tsc -p tsconfig.build.json' },
  exports: {
    '.': {
      types: { '@orch/source': './src/index.ts', default: './dist/index.d.ts' },
      '@orch/source': './src/index.ts',
      default: './dist/index.js',
    },
  },
  files: ['dist'],
  sideEffects: false,
};
const BUILD_FILES = { 'tsconfig.build.json': '{}' };

describe('listRuntimePackages', () => {
  it('follows run-time dependencies from the application, not development ones', () => {
    const { packages } = createTestWorkspace([
      { dir: 'apps/orchestrator', manifest: { dependencies: { '@orch/contract': 'workspace:*' } } },
      { dir: 'packages/contract', manifest: { dependencies: { zod: '^4' } } },
      { dir: 'packages/fakes', manifest: { dependencies: { '@orch/contract': 'workspace:*' } } },
    ]);
    const withDev = createTestWorkspace([
      {
        dir: 'apps/orchestrator',
        manifest: {
          dependencies: { '@orch/contract': 'workspace:*' },
          devDependencies: { '@orch/fakes': '*' },
        },
      },
      { dir: 'packages/contract' },
      { dir: 'packages/fakes' },
    ]);
    expect(listRuntimePackages(packages).map((pkg) => pkg.dir)).toEqual([
      'apps/orchestrator',
      'packages/contract',
    ]);
    expect(listRuntimePackages(withDev.packages).map((pkg) => pkg.dir)).toEqual([
      'apps/orchestrator',
      'packages/contract',
    ]);
  });
});

describe('checkBuiltPackages', () => {
  it('accepts built packages, with a sources-only entry for test helpers and bins that run dist/', () => {
    const { packages, readFile } = createTestWorkspace([
      {
        dir: 'apps/orchestrator',
        manifest: {
          ...BUILT,
          bin: { orch: './dist/cli.js' },
          dependencies: { '@orch/utils': 'workspace:*' },
        },
        files: BUILD_FILES,
      },
      {
        dir: 'packages/utils',
        manifest: {
          ...BUILT,
          exports: {
            ...BUILT.exports,
            './testing': { types: './src/testing/index.ts', '@orch/source': './src/testing/index.ts' },
          },
        },
        files: BUILD_FILES,
      },
    ]);
    expect(checkBuiltPackages(packages, readFile)).toEqual([]);
  });

  it('names every way a run-time package could run its sources in production', () => {
    const { packages, readFile } = createTestWorkspace([
      {
        dir: 'apps/orchestrator',
        manifest: {
          scripts: { build: 'tsc' },
          exports: { '.': { default: './src/index.ts', types: './src/index.ts' } },
          bin: { orch: './src/cli.ts', shim: './bin/shim.js', gone: './bin/gone.js' },
          dependencies: { '@orch/utils': 'workspace:*' },
        },
        files: { 'bin/shim.js': "import '../src/cli.ts';\n" },
      },
      {
        dir: 'packages/utils',
        manifest: {
          ...BUILT,
          exports: {
            '.': { types: './dist/index.d.ts', '@orch/source': './src/index.ts', default: './src/index.ts' },
          },
          files: ['dist', 'src'],
          sideEffects: true,
        },
        files: BUILD_FILES,
      },
    ]);
    expect(checkBuiltPackages(packages, readFile)).toEqual([
      'apps/orchestrator/package.json has no "build" script compiling tsconfig.build.json',
      'apps/orchestrator has no tsconfig.build.json',
      'apps/orchestrator/package.json: exports["."] does not list "types" first',
      'apps/orchestrator/package.json does not list "files": ["dist"] (and the folders of its bin shims) alone',
      'apps/orchestrator/package.json does not declare "sideEffects": false',
      'apps/orchestrator/package.json: bin ./src/cli.ts does not exist',
      'apps/orchestrator/package.json: bin ./bin/shim.js neither is inside ./dist/ nor imports a file of ../dist/',
      'apps/orchestrator/package.json: bin ./bin/gone.js does not exist',
      'packages/utils/package.json: exports["."].default is not a JavaScript file under ./dist/',
      'packages/utils/package.json does not list "files": ["dist"] (and the folders of its bin shims) alone',
      'packages/utils/package.json does not declare "sideEffects": false',
    ]);
  });

  it('refuses a package that exports only sources', () => {
    const { packages, readFile } = createTestWorkspace([
      {
        dir: 'apps/orchestrator',
        manifest: {
          ...BUILT,
          exports: { '.': { types: './src/index.ts', '@orch/source': './src/index.ts' } },
        },
        files: BUILD_FILES,
      },
    ]);
    expect(checkBuiltPackages(packages, readFile)).toEqual([
      'apps/orchestrator/package.json exports nothing built',
    ]);
  });
});
