import { describe, expect, it } from 'vitest';
import { formatRunReport } from './format-run-report.js';
import type { ConformanceRunResult } from './run-conformance.js';

const result: ConformanceRunResult = {
  profile: 'llamacpp',
  success: false,
  durationMs: 1234,
  scenarios: { total: 3, passed: 1, failed: 1, skipped: 1, other: 0 },
  steps: { total: 9, passed: 7, failed: 1, skipped: 1, other: 0 },
  failedScenarios: ['@CONF-001 A task streams'],
  skippedByProfile: [
    { id: '@CONF-014', scenario: 'Health reports the engine down', reason: 'cannot stop it' },
  ],
  reports: {
    html: '/r/llamacpp/cucumber.html',
    json: '/r/llamacpp/cucumber.json',
    messages: '/r/llamacpp/m.ndjson',
  },
  support: { originalCoordinates: { requireModules: [], requirePaths: [], importPaths: [], loaders: [] } },
};

describe('formatRunReport', () => {
  it('gives the verdict, the counts, each failure and each skip with its reason', () => {
    const lines = formatRunReport(result, '/r').split('\n');
    expect(lines).toContain('Conformance of "llamacpp": FAIL in 1.2 s');
    expect(lines).toContain(
      '  scenarios 3 (1 passed, 1 failed, 1 skipped); steps 9 (7 passed, 1 failed, 1 skipped)',
    );
    expect(lines).toContain('  failed: @CONF-001 A task streams');
    expect(lines).toContain('  skipped by profile: @CONF-014 Health reports the engine down: cannot stop it');
    expect(lines).toContain('  reports: llamacpp/cucumber.html, llamacpp/cucumber.json, llamacpp/m.ndjson');
  });
});
