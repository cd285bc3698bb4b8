import { describe, expect, it } from 'vitest';
import { checkAdapterShape } from './check-adapter-shape.js';
import { checkBuiltPackages } from './check-built-packages.js';
import { checkDependencyRules } from './check-dependency-rules.js';
import { checkEngineImports } from './check-engine-imports.js';
import { checkEngineSpecCitations } from './check-engine-spec-citations.js';
import { checkFolderCycles } from './check-folder-cycles.js';
import { checkPackageConventions } from './check-package-conventions.js';
import { checkTestExclusions } from './check-test-exclusions.js';
import { findRepoRoot, listFiles, readRepoFile } from './repo-files.js';
import { listWorkspacePackages } from './workspace-packages.js';

const root = findRepoRoot();
const packages = listWorkspacePackages(root);
const readFile = (path: string) => readRepoFile(root, path);

describe('the workspace', () => {
  it('has the packages the checks are meant for', () => {
    const dirs = packages.map((pkg) => pkg.dir);
    expect(dirs).toEqual(
      expect.arrayContaining(['packages/adapter-api', 'apps/orchestrator', 'test-harness/repo-checks']),
    );
  });
});

describe('dependency rules (ORCH-REPO-002)', () => {
  it('keeps the contract free of workspace dependencies, adapters apart, and server libraries in the orchestrator', () => {
    expect(checkDependencyRules(packages, readFile)).toEqual([]);
  });
});

describe('engines as modules (ORCH-REPO-002)', () => {
  const orchestratorFiles = listFiles(root, 'apps/orchestrator/src');

  it('lets only the composition root of the orchestrator import engine packages', () => {
    expect(checkEngineImports(orchestratorFiles, readFile)).toEqual([]);
  });

  it('has no import cycle between the folders of the orchestrator but the listed ones', () => {
    expect(checkFolderCycles(orchestratorFiles, readFile)).toEqual([]);
  });
});

describe('adapter package shape (ORCH-REPO-003)', () => {
  it('gives every adapter package its README, create<Engine>Adapter export and standard files', () => {
    expect(checkAdapterShape(packages, readFile)).toEqual([]);
  });
});

describe('test hygiene (ORCH-REPO-004)', () => {
  it('has no focused, skipped or to-do tests and no parked scenarios', () => {
    const files = listFiles(root, '.', { skipFolders: ['__fixtures__'] });
    expect(checkTestExclusions(files, readFile)).toEqual([]);
  });
});

describe('package conventions (ORCH-REPO-005)', () => {
  it('gives every workspace package a README.md, the typecheck and test scripts and the shared vitest settings', () => {
    expect(checkPackageConventions(packages, readFile)).toEqual([]);
  });
});

describe('engine spec citations (ORCH-REPO-006)', () => {
  it('resolves every citation of specs/engines to a page and heading, and mentions no protocol document outside the repository', () => {
    expect(checkEngineSpecCitations(root)).toEqual([]);
  });
});

describe('built packages (ORCH-REPO-008)', () => {
  it('builds the orchestrator and every workspace package it runs with, and exports the builds by default', () => {
    expect(checkBuiltPackages(packages, readFile)).toEqual([]);
  });
});
