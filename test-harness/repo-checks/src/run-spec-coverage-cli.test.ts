import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSpecCoverageCli } from './run-spec-coverage-cli.js';

const folders: string[] = [];

/** A throw-away repository with the given files. */
function createRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'spec-coverage-'));
  folders.push(root);
  for (const [path, text] of Object.entries({ 'pnpm-workspace.yaml': 'packages:\n  - pkg\n', ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function run(root: string, argv: string[] = []) {
  let out = '';
  let err = '';
  const rows: object[] = [];
  const status = runSpecCoverageCli([...argv, '--report', join(root, 'reports', 'coverage.md')], root, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    table: (table) => rows.push(...table),
  });
  return { status, out, err, rows };
}

const specs = {
  'specs/a.md':
    '- **ORCH-ABC-001** Covered by a test.\n- **ORCH-ABC-002** Covered by a feature.\n- **ORCH-ABC-003** Not covered.\n',
  'pkg/x.test.ts':
    "describe('thing (ORCH-ABC-001)', () => { it('works', () => {}); });\n// ORCH-ABC-003 in a comment\n",
  'pkg/f.feature': 'Feature: F\n  @ORCH-ABC-002\n  Scenario: S\n',
};

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the spec-coverage command', () => {
  it('prints the uncovered requirements, writes the report and exits 0 when the allow-list matches', () => {
    const root = createRepo({ ...specs, 'specs/uncovered.txt': '# header\nORCH-ABC-003\n' });
    const result = run(root);
    expect(result.status).toBe(0);
    expect(result.out).toContain('2 of 3 requirements are cited by a test.');
    expect(result.rows).toEqual([{ id: 'ORCH-ABC-003', spec: 'specs/a.md:3', requirement: 'Not covered.' }]);
    const report = readFileSync(join(root, 'reports', 'coverage.md'), 'utf8');
    expect(report).toContain('| ORCH-ABC-001 | covered | `pkg/x.test.ts` |');
    expect(report).toContain('| ORCH-ABC-003 | uncovered |  |');
  });

  it('exits 1 naming a cited ID that no spec defines and an allow-list that is out of date', () => {
    const root = createRepo({
      ...specs,
      'pkg/y.test.ts': "it('cites a typo (ORCH-ABC-009)', () => {});\n",
      'specs/uncovered.txt': 'ORCH-ABC-001\n',
    });
    const result = run(root);
    expect(result.status).toBe(1);
    expect(result.err).toContain('ORCH-ABC-009 is cited at pkg/y.test.ts:1 but no spec defines it');
    expect(result.err).toContain('ORCH-ABC-003 is not cited by any test');
    expect(result.err).toContain('ORCH-ABC-001 is covered now: remove it from specs/uncovered.txt');
  });

  it('rewrites the allow-list to the uncovered set with --update-allow-list, keeping its header', () => {
    const root = createRepo({ ...specs, 'specs/uncovered.txt': '# header\nORCH-ABC-001\n' });
    expect(run(root, ['--update-allow-list']).status).toBe(0);
    expect(readFileSync(join(root, 'specs', 'uncovered.txt'), 'utf8')).toBe('# header\nORCH-ABC-003\n');
  });

  it('refuses an unknown option with status 2', () => {
    expect(run(createRepo(specs), ['--bogus']).status).toBe(2);
  });
});
