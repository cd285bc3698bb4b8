import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, readRepoFile } from './repo-files.js';

/** The fields of a package.json that the checks read. */
export interface PackageManifest {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  /** Subpath → conditions (or one target), as Node.js reads them. */
  exports?: Record<string, unknown>;
  files?: string[];
  sideEffects?: boolean | string[];
  bin?: string | Record<string, string>;
}

/** One workspace package: its folder, manifest and files. */
export interface WorkspacePackage {
  /** The manifest's `name` (the folder when it has none). */
  name: string;
  /** Repository-relative folder, e.g. `packages/adapter-api`. */
  dir: string;
  manifest: PackageManifest;
  /** Repository-relative paths of its files (no node_modules, build output or dot-folders). */
  files: string[];
}

/** The dependency fields that matter at run time. */
export const RUNTIME_DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

/** The workspace globs of pnpm-workspace.yaml (`packages/*` style, or plain folders). */
export function readWorkspaceGlobs(root: string): string[] {
  const text = readRepoFile(root, 'pnpm-workspace.yaml');
  const globs: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    const entry = /^\s+-\s*["']?([^"'#\s]+)["']?/.exec(line);
    if (inPackages && entry !== null) globs.push(entry[1] as string);
  }
  return globs;
}

/** Every workspace package folder that holds a package.json, in path order. */
export function listWorkspacePackages(root: string): WorkspacePackage[] {
  const dirs: string[] = [];
  for (const glob of readWorkspaceGlobs(root)) {
    if (glob.endsWith('/*')) {
      const parent = glob.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (entry.isDirectory() && !entry.name.startsWith('.')) dirs.push(`${parent}/${entry.name}`);
      }
    } else {
      dirs.push(glob.replace(/\/$/, ''));
    }
  }
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .sort()
    .map((dir) => {
      const manifest = parseManifest(readRepoFile(root, `${dir}/package.json`), dir);
      return { name: manifest.name ?? dir, dir, manifest, files: listFiles(root, dir) };
    });
}

function parseManifest(text: string, dir: string): PackageManifest {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${dir}/package.json is not a JSON object`);
  }
  return value as PackageManifest;
}

/** All dependency names of a manifest field (empty when the field is absent). */
export function dependencyNames(manifest: PackageManifest, field: keyof PackageManifest): string[] {
  const entries = manifest[field];
  return entries !== undefined && typeof entries === 'object' ? Object.keys(entries) : [];
}
