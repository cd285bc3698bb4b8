import { findImports, packageNameOf } from './find-imports.js';
import { isTestFile, isTypeScriptFile } from './repo-files.js';
import {
  dependencyNames,
  type PackageManifest,
  RUNTIME_DEPENDENCY_FIELDS,
  type WorkspacePackage,
} from './workspace-packages.js';

/** The folder of the contract package. */
export const CONTRACT_DIR = 'packages/adapter-api';
/** The folder of the helpers shared by adapters. */
export const ADAPTER_UTILS_DIR = 'packages/adapter-utils';
/** The one package allowed to use the server-side libraries. */
export const ORCHESTRATOR_DIR = 'apps/orchestrator';

/** True for the libraries only the orchestrator may use: hono (and `@hono/*`), opossum, prom-client. */
export function isOrchestratorOnlyLibrary(name: string): boolean {
  return (
    name === 'hono' ||
    name.startsWith('@hono/') ||
    name === 'opossum' ||
    name === '@types/opossum' ||
    name === 'prom-client'
  );
}

/** True for an engine adapter package folder (`packages/adapter-*` except the contract and the utils). */
export function isAdapterDir(dir: string): boolean {
  return /^packages\/adapter-[^/]+$/.test(dir) && dir !== CONTRACT_DIR && dir !== ADAPTER_UTILS_DIR;
}

/** True for the folders bound by the adapter dependency rule: every `packages/adapter-*` but the contract. */
function followsAdapterRule(dir: string): boolean {
  return /^packages\/adapter-[^/]+$/.test(dir) && dir !== CONTRACT_DIR;
}

/** Files that only tests use: test files, fixtures and test-support folders. */
function isTestOnlyFile(path: string): boolean {
  return isTestFile(path) || /\/(?:__fixtures__|test|tests)\//.test(path);
}

const DEPENDENCY_FIELDS: readonly (keyof PackageManifest)[] = [
  ...RUNTIME_DEPENDENCY_FIELDS,
  'devDependencies',
];

/**
 * Checks the dependency edges of STYLE.md over manifests and import statements; returns one line per
 * violation (empty when the workspace follows the rules):
 * - `packages/adapter-api` depends on no workspace package;
 * - an adapter or adapter-utils (`packages/adapter-*`) depends at run time only on adapter-api, adapter-utils and packages from
 *   outside the workspace; its tests may also use test-support packages, but never another adapter or an app;
 * - only `apps/orchestrator` depends on or imports hono, opossum and prom-client.
 */
export function checkDependencyRules(
  packages: readonly WorkspacePackage[],
  readFile: (path: string) => string,
): string[] {
  const problems: string[] = [];
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const dirOf = (name: string) => byName.get(name)?.dir;
  const adapterRuntimeAllowed = new Set([CONTRACT_DIR, ADAPTER_UTILS_DIR]);
  const isForbiddenForAdapterTests = (dir: string) => isAdapterDir(dir) || dir.startsWith('apps/');

  for (const pkg of packages) {
    const own = (dir: string | undefined) => dir === pkg.dir;
    for (const field of DEPENDENCY_FIELDS) {
      for (const dependency of dependencyNames(pkg.manifest, field)) {
        const dir = dirOf(dependency);
        const where = `${pkg.dir}/package.json ${field}`;
        if (isOrchestratorOnlyLibrary(dependency) && pkg.dir !== ORCHESTRATOR_DIR) {
          problems.push(`${where} lists ${dependency}: only ${ORCHESTRATOR_DIR} may use it`);
        }
        if (dir === undefined || own(dir)) continue;
        if (pkg.dir === CONTRACT_DIR) {
          problems.push(
            `${where} lists workspace package ${dependency}: the contract depends on nothing in the workspace`,
          );
        } else if (followsAdapterRule(pkg.dir)) {
          const runtime = field !== 'devDependencies';
          if (runtime && !adapterRuntimeAllowed.has(dir)) {
            problems.push(
              `${where} lists ${dependency}: adapters depend only on adapter-api and adapter-utils`,
            );
          } else if (!runtime && isForbiddenForAdapterTests(dir)) {
            problems.push(`${where} lists ${dependency}: adapters never depend on another adapter or an app`);
          }
        }
      }
    }

    for (const file of pkg.files.filter(isTypeScriptFile)) {
      for (const { specifier, line } of findImports(readFile(file))) {
        const name = packageNameOf(specifier);
        if (name === undefined) continue;
        const where = `${file}:${line}`;
        if (isOrchestratorOnlyLibrary(name) && pkg.dir !== ORCHESTRATOR_DIR) {
          problems.push(`${where} imports ${specifier}: only ${ORCHESTRATOR_DIR} may import it`);
        }
        const dir = dirOf(name);
        if (dir === undefined || own(dir)) continue;
        if (pkg.dir === CONTRACT_DIR) {
          problems.push(
            `${where} imports workspace package ${name}: the contract imports nothing from the workspace`,
          );
        } else if (followsAdapterRule(pkg.dir)) {
          if (isTestOnlyFile(file) ? isForbiddenForAdapterTests(dir) : !adapterRuntimeAllowed.has(dir)) {
            problems.push(`${where} imports ${name}: adapters import only adapter-api and adapter-utils`);
          }
        }
      }
    }
  }
  return problems;
}
