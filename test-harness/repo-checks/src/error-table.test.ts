import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_ERROR_CODES } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import {
  ERROR_TABLE_END,
  ERROR_TABLE_START,
  readErrorTableSection,
  renderErrorTable,
  replaceErrorTableSection,
} from './render-error-table.js';
import { findRepoRoot } from './repo-files.js';

describe('the taxonomy table of specs/errors.md (ORCH-ERR-003)', () => {
  it('equals the table generated from ERROR_CODES (run `pnpm error-table` after changing the codes)', () => {
    const markdown = readFileSync(join(findRepoRoot(), 'specs', 'errors.md'), 'utf8');
    expect(readErrorTableSection(markdown)).toBe(renderErrorTable());
  });

  it('renders one row per code, in ERROR_CODES order, with status, retriability, origin and description', () => {
    const rows = renderErrorTable().split('\n').slice(2);
    expect(rows.map((row) => /^\| `([a-z_]+)` \|/.exec(row)?.[1])).toEqual(ALL_ERROR_CODES);
    expect(rows[0]).toMatch(/^\| `invalid_request` \| 400 \| no \| client \| .{10,} \|$/);
  });
});

describe('replaceErrorTableSection', () => {
  it('rewrites only the text between the markers and refuses a file without them', () => {
    const markdown = `before\n${ERROR_TABLE_START}\nstale\n${ERROR_TABLE_END}\nafter\n`;
    const updated = replaceErrorTableSection(markdown);
    expect(updated.startsWith(`before\n${ERROR_TABLE_START}\n| code |`)).toBe(true);
    expect(updated.endsWith(`|\n${ERROR_TABLE_END}\nafter\n`)).toBe(true);
    expect(readErrorTableSection(updated)).toBe(renderErrorTable());
    expect(() => replaceErrorTableSection('no markers')).toThrow(/missing/);
  });
});
