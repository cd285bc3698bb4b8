import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collectCitations } from './collect-citations.js';
import { describeCoverageProblems, formatCoverageReport, toUncoveredRows } from './format-coverage-report.js';
import { ALLOW_LIST_PATH, loadSpecCoverage } from './load-spec-coverage.js';
import { findRepoRoot, readRepoFile } from './repo-files.js';

/** The package's own report folder (ignored by git, like every `reports/`). */
export const REPORT_PATH = fileURLToPath(new URL('../reports/spec-coverage.md', import.meta.url));

const HELP = `spec-coverage: requirement IDs defined in specs/*.md that no executable test cites

Usage: pnpm spec-coverage [--update-allow-list] [--report FILE]

Prints the uncovered requirements, writes a markdown report (default: ${REPORT_PATH})
and exits 1 when the specs, the tests and specs/uncovered.txt disagree (an ID cited but not defined,
a malformed ID, an uncovered ID missing from the allow-list, a covered one still listed).

  --update-allow-list   rewrite specs/uncovered.txt to the current uncovered set (comments kept)
  --report FILE         write the markdown report there instead
  -h, --help            show this help
`;

/** Output sinks of the CLI, replaceable in tests. */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
  table: (rows: readonly object[]) => void;
}

const consoleOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  table: (rows) => console.table(rows),
};

/** Runs the spec coverage CLI; returns the exit status. */
export function runSpecCoverageCli(argv: string[], root = findRepoRoot(), output = consoleOutput): number {
  let values: { 'update-allow-list'?: boolean; report?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'update-allow-list': { type: 'boolean' },
        report: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    output.err(`spec-coverage: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  if (values['update-allow-list']) updateAllowList(root);
  const coverage = loadSpecCoverage(root);
  const reportPath = values.report ?? REPORT_PATH;
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, formatCoverageReport(coverage, collectCitations(root).citations));
  const total = coverage.definitions.length;
  output.out(`${total - coverage.uncovered.length} of ${total} requirements are cited by a test.\n`);
  if (coverage.uncovered.length > 0) {
    output.out(`Uncovered (${coverage.uncovered.length}):\n`);
    output.table(toUncoveredRows(coverage));
  }
  output.out(`Report: ${reportPath}\n`);
  const problems = describeCoverageProblems(coverage);
  for (const problem of problems) output.err(`spec-coverage: ${problem}\n`);
  return problems.length > 0 ? 1 : 0;
}

/** Rewrites the allow-list to the uncovered set, keeping its leading comment block. */
function updateAllowList(root: string): void {
  const path = join(root, ALLOW_LIST_PATH);
  let header = '';
  try {
    const lines = readRepoFile(root, ALLOW_LIST_PATH).split('\n');
    const firstEntry = lines.findIndex((line) => line.trim().length > 0 && !line.trim().startsWith('#'));
    const kept = (firstEntry === -1 ? lines : lines.slice(0, firstEntry)).join('\n').trimEnd();
    header = kept.length > 0 ? `${kept}\n` : '';
  } catch {
    header = '# Requirement IDs defined in specs/ that no executable test cites yet (see specs/README.md).\n';
  }
  const uncovered = loadSpecCoverage(root).uncovered.map((definition) => definition.id);
  writeFileSync(path, `${header}${uncovered.join('\n')}\n`);
}
