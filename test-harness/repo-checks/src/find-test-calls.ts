import { type SourceToken, scanTypeScript } from './scan-typescript.js';

/** The test API functions of vitest (and their Jasmine-style focused/excluded spellings). */
const TEST_FUNCTIONS = new Set([
  'describe',
  'it',
  'test',
  'suite',
  'bench',
  'xdescribe',
  'xit',
  'xtest',
  'fdescribe',
  'fit',
]);

/** Modifiers that take their own argument list before the call with the title (`it.each(cases)('…')`). */
const MODIFIERS_WITH_ARGUMENTS = new Set(['each', 'for', 'skipIf', 'runIf']);

/** One call of a test function found in a test file. */
export interface TestCall {
  /** `describe`, `it`, `test`…, as written. */
  callee: string;
  /** Chained modifiers in order, e.g. `['each']` for `it.each(cases)(…)`, `['only']` for `it.only(…)`. */
  modifiers: string[];
  /** The title when the first argument is a string or template literal; undefined otherwise. */
  title: string | undefined;
  /** 1-based line of the callee. */
  line: number;
}

/**
 * Finds the calls of `describe`/`it`/`test`/`suite`/`bench` (with modifier chains such as `.each(…)`,
 * `.concurrent`, `.only`) in a test file's source, comments excluded. Titles are what a test cites IDs in.
 */
export function findTestCalls(source: string): TestCall[] {
  const tokens = scanTypeScript(source);
  const calls: TestCall[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'identifier' || !TEST_FUNCTIONS.has(token.value)) return;
    if (isPunctuation(tokens[index - 1], '.')) return;
    const call = readCall(tokens, index);
    if (call !== undefined) calls.push(call);
  });
  return calls;
}

function readCall(tokens: readonly SourceToken[], calleeIndex: number): TestCall | undefined {
  const callee = tokens[calleeIndex] as SourceToken;
  const modifiers: string[] = [];
  let index = calleeIndex + 1;
  while (isPunctuation(tokens[index], '.') && tokens[index + 1]?.kind === 'identifier') {
    const modifier = (tokens[index + 1] as SourceToken).value;
    modifiers.push(modifier);
    index += 2;
    if (MODIFIERS_WITH_ARGUMENTS.has(modifier)) {
      if (tokens[index]?.kind === 'template') index += 1;
      else if (isPunctuation(tokens[index], '(')) index = skipBalanced(tokens, index);
      else return undefined;
    }
  }
  if (!isPunctuation(tokens[index], '(')) return undefined;
  const first = tokens[index + 1];
  const title =
    first !== undefined && (first.kind === 'string' || first.kind === 'template') ? first.value : undefined;
  return { callee: callee.value, modifiers, title, line: callee.line };
}

/** Index just after the `)` matching the `(` at `open`. */
function skipBalanced(tokens: readonly SourceToken[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    const token = tokens[index] as SourceToken;
    if (token.kind !== 'punctuation') continue;
    if (token.value === '(' || token.value === '[' || token.value === '{') depth += 1;
    else if (token.value === ')' || token.value === ']' || token.value === '}') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return tokens.length;
}

function isPunctuation(token: SourceToken | undefined, value: string): boolean {
  return token?.kind === 'punctuation' && token.value === value;
}
