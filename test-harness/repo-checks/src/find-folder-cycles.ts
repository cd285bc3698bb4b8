import { findImports } from './find-imports.js';
import { isTestFile, isTypeScriptFile } from './repo-files.js';

/** One import from a file in one folder to a file in another. */
export interface FolderImport {
  /** Importing folder, relative to the source root (`.` for the root's own files). */
  from: string;
  /** Imported folder. */
  to: string;
  /** The importing file and line, for the report. */
  where: string;
}

/** A set of folders that import each other, directly or through others. */
export interface FolderCycle {
  /** The folders, sorted, e.g. `['engines', 'pools']`. */
  folders: string[];
  /** Every import between two folders of the cycle, as `file:line → folder`. */
  imports: string[];
}

/**
 * The import cycles between the top-level folders of `sourceRoot` (the root's own files are the folder
 * `.`): the strongly connected sets of more than one folder in the graph "a file of A imports a file of B".
 * Test files are left out: nothing imports them, so they close no cycle at run time.
 */
export function findFolderCycles(
  sourceRoot: string,
  files: readonly string[],
  readFile: (path: string) => string,
): FolderCycle[] {
  const edges = findFolderImports(sourceRoot, files, readFile);
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)?.add(to);
  }
  return findStronglyConnected(graph)
    .filter((component) => component.length > 1)
    .map((component) => {
      const members = new Set(component);
      const imports = edges
        .filter((edge) => members.has(edge.from) && members.has(edge.to))
        .map((edge) => `${edge.where} → ${edge.to}`);
      return { folders: [...component].sort(), imports: imports.sort() };
    })
    .sort((a, b) => a.folders.join().localeCompare(b.folders.join()));
}

/** Every relative import of a non-test source file that crosses from one top-level folder to another. */
export function findFolderImports(
  sourceRoot: string,
  files: readonly string[],
  readFile: (path: string) => string,
): FolderImport[] {
  const imports: FolderImport[] = [];
  for (const file of files) {
    if (!file.startsWith(`${sourceRoot}/`) || !isTypeScriptFile(file) || isTestFile(file)) continue;
    const relativeFile = file.slice(sourceRoot.length + 1);
    const from = folderOf(relativeFile);
    for (const { specifier, line } of findImports(readFile(file))) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(relativeFile, specifier);
      if (target === undefined) continue;
      const to = folderOf(target);
      if (to !== from) imports.push({ from, to, where: `${file}:${line}` });
    }
  }
  return imports;
}

function folderOf(relativePath: string): string {
  const slash = relativePath.indexOf('/');
  return slash === -1 ? '.' : relativePath.slice(0, slash);
}

/** `a/b.ts` + `../c/d.js` → `c/d.js`; undefined when it leaves the source root. */
function resolveRelative(relativeFile: string, specifier: string): string | undefined {
  const parts = relativeFile.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** Tarjan's algorithm: the strongly connected components of a directed graph. */
function findStronglyConnected(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node) as number, lowLink.get(next) as number));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node) as number, index.get(next) as number));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}
