import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readErrorTableSection, renderErrorTable, replaceErrorTableSection } from './render-error-table.js';
import { findRepoRoot } from './repo-files.js';

/**
 * `pnpm error-table`: rewrites the taxonomy table of specs/errors.md from ERROR_CODES.
 * `pnpm error-table --check`: exits 1 when the table differs (the repo-checks test does the same).
 */
const path = join(findRepoRoot(), 'specs', 'errors.md');
const markdown = readFileSync(path, 'utf8');
if (process.argv.includes('--check')) {
  const same = readErrorTableSection(markdown) === renderErrorTable();
  process.stdout.write(same ? 'specs/errors.md: the taxonomy table matches ERROR_CODES\n' : '');
  if (!same)
    process.stderr.write(
      'specs/errors.md: the taxonomy table differs from ERROR_CODES; run pnpm error-table\n',
    );
  process.exitCode = same ? 0 : 1;
} else {
  const updated = replaceErrorTableSection(markdown);
  if (updated !== markdown) writeFileSync(path, updated);
  process.stdout.write(
    updated === markdown ? 'specs/errors.md: already up to date\n' : 'specs/errors.md: table rewritten\n',
  );
}
