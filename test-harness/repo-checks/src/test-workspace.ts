import type { PackageManifest, WorkspacePackage } from './workspace-packages.js';

/** An in-memory workspace for unit tests of the checks: packages plus the text of their files. */
export function createTestWorkspace(
  entries: { dir: string; manifest?: PackageManifest; files?: Record<string, string> }[],
) {
  const texts = new Map<string, string>();
  const packages: WorkspacePackage[] = entries.map(({ dir, manifest = {}, files = {} }) => {
    const paths = Object.keys(files).map((relative) => `${dir}/${relative}`);
    for (const [relative, text] of Object.entries(files)) texts.set(`${dir}/${relative}`, text);
    const name = manifest.name ?? `@orch/${dir.slice(dir.lastIndexOf('/') + 1)}`;
    return { name, dir, manifest: { ...manifest, name }, files: paths.sort() };
  });
  const readFile = (path: string) => {
    const text = texts.get(path);
    if (text === undefined) throw new Error(`no such test file ${path}`);
    return text;
  };
  return { packages, readFile };
}
