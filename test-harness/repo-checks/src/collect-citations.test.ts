import { describe, expect, it } from 'vitest';
import { citationsOfFeatureFile, citationsOfTestFile } from './collect-citations.js';

describe('citationsOfTestFile', () => {
  it('takes IDs from describe/it/test titles only, never from comments or other strings', () => {
    const source = [
      '// covers ORCH-API-009 (a comment proves nothing)',
      "const label = 'ORCH-API-008';",
      "describe('streaming (ORCH-API-001)', () => {",
      "  it('retries (ORCH-RES-001, OC-ADAPT-6002)', () => {});",
      "  it('cites a typo (ORCH-RES-01)', () => {});",
      '});',
    ].join('\n');
    const { citations, malformed } = citationsOfTestFile(source, 'a.test.ts');
    expect(citations.map((citation) => `${citation.id}@${citation.line}`)).toEqual([
      'ORCH-API-001@3',
      'ORCH-RES-001@4',
      'OC-ADAPT-6002@4',
    ]);
    expect(malformed).toEqual([{ text: 'ORCH-RES-01', file: 'a.test.ts', line: 5 }]);
  });
});

describe('citationsOfFeatureFile', () => {
  it('takes IDs from tags and scenario names', () => {
    const text =
      'Feature: F\n  Some CONF-099 prose\n  @CONF-001 @golden\n  Scenario: S (ORCH-EVT-001)\n    Then CONF-098\n';
    const { citations } = citationsOfFeatureFile(text, 'f.feature');
    expect(citations).toEqual([
      { id: 'CONF-001', file: 'f.feature', line: 3, via: 'tag' },
      { id: 'ORCH-EVT-001', file: 'f.feature', line: 4, via: 'name' },
    ]);
  });
});
