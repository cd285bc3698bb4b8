import { isAdapterDir } from './check-dependency-rules.js';
import { findExports } from './find-exports.js';
import type { WorkspacePackage } from './workspace-packages.js';

/** The engine an adapter folder drives: the folder name without `adapter-` and `-http`. */
export function engineOfAdapterDir(dir: string): string {
  const name = dir.slice(dir.lastIndexOf('/') + 1);
  return name.replace(/^adapter-/, '').replace(/-http$/, '');
}

/** True for adapters that must have the full file layout: HTTP adapters, Triton and the mock. */
export function needsFullShape(dir: string): boolean {
  const name = dir.slice(dir.lastIndexOf('/') + 1);
  return name.endsWith('-http') || name === 'adapter-triton' || name === 'adapter-mock';
}

/**
 * The files (and the fixtures folder) every fully shaped adapter has, relative to its package folder. An
 * adapter of the OpenAI wire format maps finish reasons with the shared translator of `@orch/adapter-utils`,
 * so it has no `map-<engine>-finish-reason.ts` of its own (a wrapper kept for the shape would be dead code).
 */
export function requiredAdapterFiles(engine: string, options: { ownFinishReasons?: boolean } = {}): string[] {
  return [
    'README.md',
    'src/index.ts',
    `src/${engine}-adapter.ts`,
    `src/${engine}-module.ts`,
    `src/${engine}-api-types.ts`,
    `src/convert-to-${engine}-request.ts`,
    ...(options.ownFinishReasons === false ? [] : [`src/map-${engine}-finish-reason.ts`]),
    'src/__fixtures__/',
  ];
}

/** The adapter streams through the shared OpenAI-compatible translator, which maps its finish reasons. */
function usesSharedFinishReasons(adapterSource: string): boolean {
  return adapterSource.includes('createOpenAiStreamTranslator');
}

/**
 * Checks the shape STYLE.md gives every adapter package: `README.md`, `src/index.ts` exporting
 * `create<Engine>Adapter` and the engine's module `<engine>Module` (the one value the orchestrator composes),
 * and for HTTP adapters, Triton and the mock the files `<engine>-adapter.ts`, `<engine>-module.ts`,
 * `<engine>-api-types.ts`, `convert-to-<engine>-request.ts`, `map-<engine>-finish-reason.ts` (unless the
 * shared OpenAI-compatible translator maps them) and a non-empty `__fixtures__/`. Returns one line per problem.
 */
export function checkAdapterShape(
  packages: readonly WorkspacePackage[],
  readFile: (path: string) => string,
): string[] {
  const problems: string[] = [];
  for (const pkg of packages.filter((candidate) => isAdapterDir(candidate.dir))) {
    const engine = engineOfAdapterDir(pkg.dir);
    const has = (relative: string) =>
      relative.endsWith('/')
        ? pkg.files.some((file) => file.startsWith(`${pkg.dir}/${relative}`))
        : pkg.files.includes(`${pkg.dir}/${relative}`);
    const adapterFile = `src/${engine}-adapter.ts`;
    const ownFinishReasons = !(
      has(adapterFile) && usesSharedFinishReasons(readFile(`${pkg.dir}/${adapterFile}`))
    );
    const required = needsFullShape(pkg.dir)
      ? requiredAdapterFiles(engine, { ownFinishReasons })
      : ['README.md', 'src/index.ts'];
    for (const relative of required) {
      if (!has(relative)) {
        const what = relative.endsWith('/') ? 'a non-empty folder' : 'a file';
        problems.push(`${pkg.dir} lacks ${what} ${relative}`);
      }
    }
    if (has('src/index.ts')) problems.push(...checkFactoryExport(pkg, engine, readFile));
  }
  return problems;
}

/** `src/index.ts` (or a module it re-exports wholesale) exports `create<Engine>Adapter` and `<engine>Module`. */
function checkFactoryExport(
  pkg: WorkspacePackage,
  engine: string,
  readFile: (path: string) => string,
): string[] {
  const names = exportedNames(pkg, `${pkg.dir}/src/index.ts`, readFile);
  const compactEngine = engine.replace(/[-_]/g, '').toLowerCase();
  const problems: string[] = [];
  const factories = names.filter((name) => /^create[A-Z]\w*Adapter$/.test(name));
  if (factories.length === 0) {
    problems.push(
      `${pkg.dir}/src/index.ts exports no create…Adapter function (expected create<Engine>Adapter)`,
    );
  } else if (!factories.some((name) => name.toLowerCase().includes(compactEngine))) {
    problems.push(
      `${pkg.dir}/src/index.ts exports ${factories.join(', ')}, none named after the engine "${engine}"`,
    );
  }
  const modules = names.filter((name) => /^[a-z]\w*Module$/.test(name));
  if (!modules.some((name) => name.toLowerCase() === `${compactEngine}module`)) {
    problems.push(
      `${pkg.dir}/src/index.ts exports no ${engine} module (expected <engine>Module from ${engine}-module.ts)`,
    );
  }
  return problems;
}

function exportedNames(
  pkg: WorkspacePackage,
  file: string,
  readFile: (path: string) => string,
  seen = new Set<string>(),
): string[] {
  if (seen.has(file) || !pkg.files.includes(file)) return [];
  seen.add(file);
  const { names, reexportAll } = findExports(readFile(file));
  const folder = file.slice(0, file.lastIndexOf('/'));
  const nested = reexportAll
    .filter((specifier) => specifier.startsWith('./'))
    .flatMap((specifier) =>
      exportedNames(pkg, `${folder}/${specifier.slice(2).replace(/\.js$/, '.ts')}`, readFile, seen),
    );
  return [...names, ...nested];
}
