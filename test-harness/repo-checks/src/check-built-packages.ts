import { dependencyNames, RUNTIME_DEPENDENCY_FIELDS, type WorkspacePackage } from './workspace-packages.js';

/** The export condition under which workspace packages expose their TypeScript sources (tests, typecheck, tsx). */
export const SOURCE_CONDITION = '@orch/source';

/** The application production runs; it and every workspace package it needs at run time ship built. */
export const APPLICATION_DIR = 'apps/orchestrator';

/** The application and the workspace packages it reaches through run-time dependency fields, in path order. */
export function listRuntimePackages(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const reached = new Set<WorkspacePackage>();
  const visit = (pkg: WorkspacePackage | undefined) => {
    if (pkg === undefined || reached.has(pkg)) return;
    reached.add(pkg);
    for (const field of RUNTIME_DEPENDENCY_FIELDS)
      for (const name of dependencyNames(pkg.manifest, field)) visit(byName.get(name));
  };
  visit(packages.find((pkg) => pkg.dir === APPLICATION_DIR));
  return [...reached].sort((a, b) => a.dir.localeCompare(b.dir));
}

/**
 * What one `exports` entry is wrong about, if anything. A shipped entry lists `types` first, then
 * `@orch/source` (the TypeScript under `src/`, for tests and tsx) and `default` (the build under `dist/`); an entry without
 * `default` is sources-only (test helpers) and is never built or shipped.
 */
function checkExportEntry(subpath: string, entry: unknown): string | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    return `exports["${subpath}"] is not a conditions object`;
  const conditions = entry as Record<string, unknown>;
  const keys = Object.keys(conditions);
  if (keys[0] !== 'types') return `exports["${subpath}"] does not list "types" first`;
  const source = conditions[SOURCE_CONDITION];
  if (typeof source !== 'string' || !source.startsWith('./src/') || !source.endsWith('.ts'))
    return `exports["${subpath}"]["${SOURCE_CONDITION}"] is not a TypeScript file under ./src/`;
  const target = conditions.default;
  if (target === undefined) return undefined;
  if (typeof target !== 'string' || !/^\.\/dist\/.+\.js$/.test(target))
    return `exports["${subpath}"].default is not a JavaScript file under ./dist/`;
  if (keys.at(-1) !== 'default') return `exports["${subpath}"] does not list "default" last`;
  return undefined;
}

/** The folder of a bin entry (`./bin/orch.js` → `bin`), or undefined for one at the package root. */
function binFolder(bin: string): string | undefined {
  const parts = bin.replace(/^\.\//, '').split('/');
  return parts.length > 1 ? parts[0] : undefined;
}

/** What a `bin` entry is wrong about, if anything: it runs a file of `dist/`, itself or through a shim. */
function checkBin(
  pkg: WorkspacePackage,
  bin: string,
  readFile: (path: string) => string,
): string | undefined {
  if (bin.startsWith('./dist/')) return undefined;
  const path = `${pkg.dir}/${bin.replace(/^\.\//, '')}`;
  if (!pkg.files.includes(path)) return `bin ${bin} does not exist`;
  if (!/from\s+['"]\.\.\/dist\/|import\s+['"]\.\.\/dist\//.test(readFile(path)))
    return `bin ${bin} neither is inside ./dist/ nor imports a file of ../dist/`;
  return undefined;
}

/**
 * Checks that production runs built JavaScript: the application and every package it needs at run time has a
 * `build` script compiling `tsconfig.build.json`, `exports` entries as {@link checkExportEntry} describes,
 * `sideEffects: false`, `bin` entries that run `dist/` (a file there, or a committed shim importing one, which
 * exists before the first build) and `files` listing `dist` and at most the folders of those shims. One line
 * per violation.
 */
export function checkBuiltPackages(
  packages: readonly WorkspacePackage[],
  readFile: (path: string) => string,
): string[] {
  const problems: string[] = [];
  const runtime = listRuntimePackages(packages);
  if (runtime.length === 0) return [`${APPLICATION_DIR} is not a workspace package`];
  for (const pkg of runtime) {
    const where = `${pkg.dir}/package.json`;
    const { manifest } = pkg;
    if (!manifest.scripts?.build?.includes('tsconfig.build.json'))
      problems.push(`${where} has no "build" script compiling tsconfig.build.json`);
    if (!pkg.files.includes(`${pkg.dir}/tsconfig.build.json`))
      problems.push(`${pkg.dir} has no tsconfig.build.json`);
    const entries = Object.entries(manifest.exports ?? {});
    if (entries.length === 0) problems.push(`${where} has no "exports"`);
    if (!entries.some(([, entry]) => (entry as Record<string, unknown> | null)?.default !== undefined))
      problems.push(`${where} exports nothing built`);
    for (const [subpath, entry] of entries) {
      const problem = checkExportEntry(subpath, entry);
      if (problem !== undefined) problems.push(`${where}: ${problem}`);
    }
    const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
    const shipped = new Set(['dist', ...bins.flatMap((bin) => binFolder(bin) ?? [])]);
    const files = manifest.files ?? [];
    if (!files.includes('dist') || files.some((entry) => !shipped.has(entry)))
      problems.push(`${where} does not list "files": ["dist"] (and the folders of its bin shims) alone`);
    if (manifest.sideEffects !== false) problems.push(`${where} does not declare "sideEffects": false`);
    for (const bin of bins) {
      const problem = checkBin(pkg, bin, readFile);
      if (problem !== undefined) problems.push(`${where}: ${problem}`);
    }
  }
  return problems;
}
