import { describe, expect, it } from 'vitest';
import { checkTestExclusions } from './check-test-exclusions.js';

describe('checkTestExclusions', () => {
  it('reports .only/.skip in test files and parking tags in features, and nothing in other files', () => {
    const files: Record<string, string> = {
      'a.test.ts': "it.only('x', () => {});",
      'b.ts': "it.only('not a test file', () => {});",
      'c.feature': '@wip @CONF-001\nScenario: parked\n@Skip\nScenario: also parked\n',
    };
    expect(checkTestExclusions(Object.keys(files), (path) => files[path] as string)).toEqual([
      'a.test.ts:1 uses .only: every test runs, always',
      'c.feature:1 has the tag @wip: list unsupported scenarios in the adapter profile instead',
      'c.feature:3 has the tag @Skip: list unsupported scenarios in the adapter profile instead',
    ]);
  });
});
