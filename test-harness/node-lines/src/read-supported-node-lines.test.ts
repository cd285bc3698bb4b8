import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './node-lines-paths.js';
import { readSupportedNodeLines } from './read-supported-node-lines.js';

describe('readSupportedNodeLines', () => {
  it('reads the lines 20, 22 and 24 from the root engines field (ORCH-REPO-007)', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(readSupportedNodeLines(manifest.engines.node).map((line) => line.major)).toEqual([20, 22, 24]);
  });

  it('gives the lowest release each part admits, lowest line first', () => {
    expect(readSupportedNodeLines('^24.0.0 || ^20.19.0 || >=22.13.0 <23')).toEqual([
      { major: 20, lowest: '20.19.0' },
      { major: 22, lowest: '22.13.0' },
      { major: 24, lowest: '24.0.0' },
    ]);
  });

  it('refuses an open-ended part, which would claim lines nobody tested', () => {
    expect(() => readSupportedNodeLines('^20.19.0 || >=22.13.0')).toThrow(/open-ended/);
  });
});
