import { describe, expect, it } from 'vitest';
import { findExcludedTests } from './find-excluded-tests.js';

describe('findExcludedTests', () => {
  it('finds focused, skipped, to-do and conditional tests', () => {
    const source = [
      "it.only('a', () => {});",
      "describe.skip('b', () => {});",
      "it.todo('c');",
      "test.skipIf(process.env.CI)('d', () => {});",
      "it.runIf(false)('e', () => {});",
      "xit('f', () => {});",
      "fdescribe('g', () => {});",
      "it('h', (context) => { context.skip(); });",
      "describe.concurrent.only('i', () => {});",
    ].join('\n');
    expect(findExcludedTests(source).map((found) => `${found.line}:${found.what}`)).toEqual([
      '1:.only',
      '2:.skip',
      '3:.todo',
      '4:.skipIf',
      '5:.runIf',
      '6:xit',
      '7:fdescribe',
      '8:.skip',
      '9:.only',
    ]);
  });

  it('leaves comments, strings and ordinary names alone', () => {
    const source = [
      '// it.only is forbidden here',
      "const rule = 'no .skip and no xit(';",
      'const skip = 1; const only = { skip };',
      "it('runs', () => { expect(skip).toBe(1); });",
    ].join('\n');
    expect(findExcludedTests(source)).toEqual([]);
  });
});
