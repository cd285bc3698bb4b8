import { relative } from 'node:path';
import type { ConformanceRunResult } from './run-conformance.js';
import type { OutcomeCounts } from './run-summary.js';

function formatCounts(counts: OutcomeCounts): string {
  const parts = [`${counts.passed} passed`];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  if (counts.other > 0) parts.push(`${counts.other} undefined/pending`);
  return `${counts.total} (${parts.join(', ')})`;
}

/** The lines printed after a profile's run: verdict, skips with reasons, failures, report files. */
export function formatRunReport(result: ConformanceRunResult, cwd = process.cwd()): string {
  const lines = [
    '',
    `Conformance of "${result.profile}": ${result.success ? 'PASS' : 'FAIL'} in ${(result.durationMs / 1000).toFixed(1)} s`,
    `  scenarios ${formatCounts(result.scenarios)}; steps ${formatCounts(result.steps)}`,
  ];
  for (const failed of result.failedScenarios) lines.push(`  failed: ${failed}`);
  for (const skipped of result.skippedByProfile) {
    const scenario = skipped.id === undefined ? skipped.scenario : `${skipped.id} ${skipped.scenario}`;
    lines.push(`  skipped by profile: ${scenario}: ${skipped.reason}`);
  }
  lines.push(
    `  reports: ${[result.reports.html, result.reports.json, result.reports.messages].map((path) => relative(cwd, path)).join(', ')}`,
  );
  return lines.join('\n');
}
