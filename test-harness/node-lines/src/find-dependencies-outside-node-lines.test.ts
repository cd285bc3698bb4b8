import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDependenciesOutsideNodeLines } from './find-dependencies-outside-node-lines.js';
import { REPO_ROOT } from './node-lines-paths.js';
import { readSupportedNodeLines } from './read-supported-node-lines.js';

const LINES = readSupportedNodeLines('^20.19.0 || ^22.13.0 || ^24.0.0');

describe('findDependenciesOutsideNodeLines', () => {
  it('finds nothing in the repository lock file: every locked package runs on every supported line (ORCH-REPO-007)', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const lockfile = readFileSync(join(REPO_ROOT, 'pnpm-lock.yaml'), 'utf8');
    expect(findDependenciesOutsideNodeLines(lockfile, readSupportedNodeLines(manifest.engines.node))).toEqual(
      [],
    );
  });

  it('names a client library that needs Node 22, and the release it refuses', () => {
    const lockfile = [
      "lockfileVersion: '9.0'",
      'packages:',
      '  old-friend@1.0.0:',
      "    engines: {node: '>=18'}",
      '  new-client@5.0.0:',
      "    engines: {node: '>=22'}",
      '  no-engines@2.0.0:',
      '    resolution: {integrity: sha512-AAAA}',
    ].join('\n');
    expect(findDependenciesOutsideNodeLines(lockfile, LINES)).toEqual([
      'new-client@5.0.0 needs node ">=22" and does not run on 20.19.0',
    ]);
  });

  it('names a package whose floor on a line is above the supported one', () => {
    const lockfile = "packages:\n  picky@1.0.0:\n    engines: {node: '^20.19.0 || ^22.14.0 || >=24'}\n";
    expect(findDependenciesOutsideNodeLines(lockfile, LINES)).toEqual([
      'picky@1.0.0 needs node "^20.19.0 || ^22.14.0 || >=24" and does not run on 22.13.0',
    ]);
  });
});
