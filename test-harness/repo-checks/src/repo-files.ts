import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders no check looks into: installed packages, build and report output, caches and VCS data. */
const ALWAYS_SKIPPED = new Set(['node_modules', 'dist', 'coverage', 'reports']);

/** The monorepo root: the nearest folder above this package that holds `pnpm-workspace.yaml`. */
export function findRepoRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  let folder = start;
  while (!existsSync(join(folder, 'pnpm-workspace.yaml'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    folder = parent;
  }
  return folder;
}

/** Options of {@link listFiles}. */
export interface ListFilesOptions {
  /** Extra folder names to skip (e.g. `__fixtures__`). */
  skipFolders?: readonly string[];
}

/**
 * Every file under `folder` (relative to `root`, with `/` separators), skipping `node_modules`, build and
 * report folders and every folder whose name starts with a dot.
 */
export function listFiles(root: string, folder = '.', options: ListFilesOptions = {}): string[] {
  const skipped = new Set([...ALWAYS_SKIPPED, ...(options.skipFolders ?? [])]);
  const files: string[] = [];
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !skipped.has(entry.name)) walk(path);
      } else if (entry.isFile()) {
        files.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  const start = join(root, folder);
  if (existsSync(start)) walk(start);
  return files.sort();
}

/** Reads a repository file as UTF-8 text. */
export function readRepoFile(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** True for the files vitest runs: `*.test.ts` (and `.tsx`, `.mts`, `.cts`, `*.spec.*`). */
export function isTestFile(path: string): boolean {
  return /\.(?:test|spec)\.[cm]?tsx?$/.test(path);
}

/** True for TypeScript sources of any kind. */
export function isTypeScriptFile(path: string): boolean {
  return /\.[cm]?tsx?$/.test(path) && !path.endsWith('.d.ts');
}
