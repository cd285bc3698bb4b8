import { describe, expect, it } from 'vitest';
import { findTestCalls } from './find-test-calls.js';

const titles = (source: string) => findTestCalls(source).map((call) => call.title);

describe('findTestCalls', () => {
  it('reads the titles of describe, it and test calls, with their lines', () => {
    const source = [
      "describe('outer (ORCH-API-001)', () => {",
      '  it("does a thing", () => {});',
      `  test(\`a \${'template'}\`, () => {});`,
      '});',
    ].join('\n');
    expect(findTestCalls(source)).toEqual([
      { callee: 'describe', modifiers: [], title: 'outer (ORCH-API-001)', line: 1 },
      { callee: 'it', modifiers: [], title: 'does a thing', line: 2 },
      { callee: 'test', modifiers: [], title: `a \${'template'}`, line: 3 },
    ]);
  });

  it('reads the title after the argument list of .each, also when the table spans lines and holds parentheses', () => {
    const source = [
      'it.each([',
      "  [429, 'engine_overloaded'],",
      "  [fn(1), ')'],",
      "])('maps HTTP %i to %s (OC-ADAPT-6030)', () => {});",
      'describe.each`a | b`("table %s", () => {});',
      "it.concurrent.each(cases)('concurrent %s', () => {});",
    ].join('\n');
    expect(titles(source)).toEqual(['maps HTTP %i to %s (OC-ADAPT-6030)', 'table %s', 'concurrent %s']);
    expect(findTestCalls(source)[0]?.modifiers).toEqual(['each']);
  });

  it('ignores calls in comments, member calls and strings that merely look like calls', () => {
    const source = [
      "// it('commented out (ORCH-API-001)')",
      "/* describe('block comment') */",
      'const text = "it(\'inside a string\')";',
      "emitter.it('a method named it');",
      "const pattern = /it\\('in a regex'\\)/;",
      "it('the real one', () => {});",
    ].join('\n');
    expect(titles(source)).toEqual(['the real one']);
  });

  it('gives no title when the first argument is not a literal', () => {
    expect(titles('const name = "x";\nit(name, () => {});')).toEqual([undefined]);
  });
});
