import { describe, expect, it } from 'vitest';
import type { Citation } from './collect-citations.js';
import { computeSpecCoverage } from './compute-spec-coverage.js';
import type { RequirementDefinition } from './parse-spec-markdown.js';

const define = (id: string, line = 1): RequirementDefinition => ({
  id,
  file: 'specs/a.md',
  line,
  summary: id,
});
const cite = (id: string): Citation => ({ id, file: 'x.test.ts', line: 1, via: 'title' });

function coverage(options: { defined: string[]; cited: string[]; listed: string[] }) {
  return computeSpecCoverage({
    specs: {
      definitions: options.defined.map((id) => define(id)),
      mentions: [],
      malformed: [],
    },
    tests: { citations: options.cited.map(cite), malformed: [] },
    allowList: options.listed.map((id, index) => ({ id, line: index + 1 })),
  });
}

describe('computeSpecCoverage', () => {
  it('lists defined IDs that no test cites, sorted', () => {
    const result = coverage({
      defined: ['ORCH-B-010', 'ORCH-B-002', 'ORCH-A-001'],
      cited: ['ORCH-A-001'],
      listed: [],
    });
    expect(result.uncovered.map((definition) => definition.id)).toEqual(['ORCH-B-002', 'ORCH-B-010']);
  });

  it('reports citations of IDs that no spec defines (typo guard)', () => {
    const result = coverage({ defined: ['ORCH-A-001'], cited: ['ORCH-A-001', 'ORCH-A-002'], listed: [] });
    expect(result.undefinedCitations.map((citation) => citation.id)).toEqual(['ORCH-A-002']);
  });

  it('requires the uncovered set to equal the allow-list, in both directions', () => {
    const result = coverage({
      defined: ['ORCH-A-001', 'ORCH-A-002', 'ORCH-A-003'],
      cited: ['ORCH-A-001'],
      listed: ['ORCH-A-001', 'ORCH-A-002', 'ORCH-A-009', 'ORCH-A-002'],
    });
    expect(result.uncoveredButNotListed).toEqual(['ORCH-A-003']);
    expect(result.listedButCovered).toEqual(['ORCH-A-001']);
    expect(result.listedButUndefined).toEqual(['ORCH-A-009']);
    expect(result.listedTwice).toEqual(['ORCH-A-002']);
  });

  it('is clean when every uncovered ID is listed and nothing else is', () => {
    const result = coverage({
      defined: ['ORCH-A-001', 'ORCH-A-002'],
      cited: ['ORCH-A-001'],
      listed: ['ORCH-A-002'],
    });
    expect(result.uncoveredButNotListed).toEqual([]);
    expect(result.listedButCovered).toEqual([]);
  });

  it('reports an ID defined twice', () => {
    const result = computeSpecCoverage({
      specs: { definitions: [define('ORCH-A-001', 3), define('ORCH-A-001', 9)], mentions: [], malformed: [] },
      tests: { citations: [], malformed: [] },
      allowList: [],
    });
    expect(result.duplicateDefinitions.map((list) => list.map((definition) => definition.line))).toEqual([
      [3, 9],
    ]);
  });
});
