import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectCitations } from './collect-citations.js';
import { formatCoverageReport, toUncoveredRows } from './format-coverage-report.js';
import { loadSpecCoverage } from './load-spec-coverage.js';
import { findRepoRoot } from './repo-files.js';
import { REPORT_PATH } from './run-spec-coverage-cli.js';

const root = findRepoRoot();
const coverage = loadSpecCoverage(root);

describe('spec coverage of the repository (ORCH-REPO-001)', () => {
  it('defines every requirement ID that an executable test cites, in well-formed IDs', () => {
    const where = (item: { file: string; line: number }) => `${item.file}:${item.line}`;
    expect(coverage.undefinedCitations.map((citation) => `${citation.id} at ${where(citation)}`)).toEqual([]);
    expect(coverage.malformed.map((item) => `"${item.text}" at ${where(item)}`)).toEqual([]);
  });

  it('defines each ID once and mentions only defined IDs in the specs', () => {
    expect(
      coverage.duplicateDefinitions.map((list) => list.map((d) => `${d.id} at ${d.file}:${d.line}`)),
    ).toEqual([]);
    expect(
      coverage.undefinedMentions.map((mention) => `${mention.id} at ${mention.file}:${mention.line}`),
    ).toEqual([]);
  });

  it('keeps every requirement ID of the original adapter plan', () => {
    const planIds = [
      ...['5001', '5001a', '5002', '5010', '5011', '5020', '5030', '5040', '5050', '5060', '5070'],
      ...['6000', '6001', '6002', '6010', '6011', '6020', '6030', '6031'],
    ].map((number) => `OC-ADAPT-${number}`);
    const defined = new Set(coverage.definitions.map((definition) => definition.id));
    expect(planIds.filter((id) => !defined.has(id))).toEqual([]);
  });

  it('lists exactly the uncovered requirements in specs/uncovered.txt, and reports them', () => {
    mkdirSync(dirname(REPORT_PATH), { recursive: true });
    writeFileSync(REPORT_PATH, formatCoverageReport(coverage, collectCitations(root).citations));
    if (coverage.uncovered.length > 0) {
      console.log(`${coverage.uncovered.length} requirements are not cited by any test (${REPORT_PATH}):`);
      console.table(toUncoveredRows(coverage));
    }
    expect({
      'uncovered, missing from specs/uncovered.txt (cite them in a test or list them)':
        coverage.uncoveredButNotListed,
      'covered now, to remove from specs/uncovered.txt': coverage.listedButCovered,
      'listed but not defined in specs': coverage.listedButUndefined,
      'listed twice': coverage.listedTwice,
    }).toEqual({
      'uncovered, missing from specs/uncovered.txt (cite them in a test or list them)': [],
      'covered now, to remove from specs/uncovered.txt': [],
      'listed but not defined in specs': [],
      'listed twice': [],
    });
  });
});
