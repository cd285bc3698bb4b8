import { describe, expect, it } from 'vitest';
import { parseFeatureFile } from './parse-feature-file.js';

describe('parseFeatureFile', () => {
  it('reads tags and the names of features and scenarios, skipping comments, steps and doc strings', () => {
    const text = [
      '@conformance',
      'Feature: Streaming (ORCH-EVT-001)',
      '  A description that mentions CONF-099 proves nothing.',
      '',
      '  # @CONF-098 in a comment proves nothing',
      '  @CONF-001 @OC-ADAPT-6011 # trailing comment @CONF-097',
      '  Scenario: Tokens in order',
      '    When I stream "CONF-096"',
      '    """',
      '    @CONF-095',
      '    Scenario: not a scenario',
      '    """',
      '  Scenario Outline: With <n> tokens',
    ].join('\n');
    const { tags, names } = parseFeatureFile(text);
    expect(tags).toEqual([
      { tag: 'conformance', line: 1 },
      { tag: 'CONF-001', line: 6 },
      { tag: 'OC-ADAPT-6011', line: 6 },
    ]);
    expect(names).toEqual([
      { name: 'Streaming (ORCH-EVT-001)', line: 2 },
      { name: 'Tokens in order', line: 7 },
      { name: 'With <n> tokens', line: 13 },
    ]);
  });
});
