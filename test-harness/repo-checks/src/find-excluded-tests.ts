import { scanTypeScript } from './scan-typescript.js';

/** Members that focus, skip or postpone tests: `it.only`, `describe.skip`, `it.todo`, `test.skipIf(…)`, `ctx.skip()`. */
const EXCLUDING_MEMBERS = new Set(['only', 'skip', 'todo', 'skipIf', 'runIf']);

/** Jasmine-style focused or excluded test functions. */
const EXCLUDING_FUNCTIONS = new Set(['xdescribe', 'xit', 'xtest', 'fdescribe', 'fit']);

/** A place in a test file that focuses, skips or postpones tests. */
export interface ExcludedTest {
  line: number;
  /** What was written, e.g. `.only` or `xit`. */
  what: string;
}

/**
 * Finds focused, skipped and to-do tests in a test file's source (comments and strings excluded). Any member
 * access named `only`, `skip`, `todo`, `skipIf` or `runIf` counts, whatever its object: in a test file that
 * is the test API (or the test context's `skip()`), and a test that runs only sometimes proves nothing.
 */
export function findExcludedTests(source: string): ExcludedTest[] {
  const tokens = scanTypeScript(source);
  const found: ExcludedTest[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'identifier') return;
    const previous = tokens[index - 1];
    const afterDot = previous?.kind === 'punctuation' && previous.value === '.';
    if (afterDot && EXCLUDING_MEMBERS.has(token.value))
      found.push({ line: token.line, what: `.${token.value}` });
    const next = tokens[index + 1];
    const called = next?.kind === 'punctuation' && (next.value === '(' || next.value === '.');
    if (!afterDot && called && EXCLUDING_FUNCTIONS.has(token.value))
      found.push({ line: token.line, what: token.value });
  });
  return found;
}
