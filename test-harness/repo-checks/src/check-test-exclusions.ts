import { findExcludedTests } from './find-excluded-tests.js';
import { parseFeatureFile } from './parse-feature-file.js';
import { isTestFile } from './repo-files.js';

/** Gherkin tags that park a scenario instead of running it. */
export const EXCLUDING_TAGS = new Set([
  'wip',
  'skip',
  'skipped',
  'ignore',
  'todo',
  'pending',
  'only',
  'focus',
]);

/**
 * Finds focused, skipped and to-do tests in test files (`.only`, `.skip`, `.todo`, `.skipIf`, `.runIf`, `xit`,
 * `fit`…) and parking tags in feature files (`@wip`, `@skip`…). Returns one line per finding.
 */
export function checkTestExclusions(files: readonly string[], readFile: (path: string) => string): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (isTestFile(file)) {
      for (const { line, what } of findExcludedTests(readFile(file))) {
        problems.push(`${file}:${line} uses ${what}: every test runs, always`);
      }
    } else if (file.endsWith('.feature')) {
      for (const { tag, line } of parseFeatureFile(readFile(file)).tags) {
        if (EXCLUDING_TAGS.has(tag.toLowerCase())) {
          problems.push(
            `${file}:${line} has the tag @${tag}: list unsupported scenarios in the adapter profile instead`,
          );
        }
      }
    }
  }
  return problems;
}
