import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compileResponseFormat, countCachedSchemas } from './compile-response-format.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const uniqueSchema = (n: number) => ({
  $id: `urn:heap:${n}`,
  type: 'object',
  properties: { [`field_${n}`]: { type: 'string', pattern: `^v${n}[a-z]*$` }, n: { const: n } },
  required: [`field_${n}`],
});

describe('compiled schemas are released (ORCH-SEC-013)', () => {
  it('keeps heap after GC flat over 6,000 unique schemas, and the cache at its bound', () => {
    for (let n = 0; n < 1_000; n++) compileResponseFormat({ type: 'json_schema', schema: uniqueSchema(n) });
    const warm = heapAfterGc();
    for (let n = 1_000; n < 7_000; n++)
      compileResponseFormat({ type: 'json_schema', schema: uniqueSchema(n) });
    const after = heapAfterGc();
    // Before the fix the validator kept every schema: +22 MB over 6,000 of them.
    expect(after - warm).toBeLessThan(4 * 1024 * 1024);
    expect(countCachedSchemas()).toBeLessThanOrEqual(128);
  });

  it('still validates with a schema compiled long ago and evicted since', () => {
    const check = compileResponseFormat({ type: 'json_schema', schema: uniqueSchema(-1) });
    for (let n = 10_000; n < 10_200; n++)
      compileResponseFormat({ type: 'json_schema', schema: uniqueSchema(n) });
    expect(check({ 'field_-1': 'v-1abc', n: -1 })).toEqual([]);
    expect(check({ 'field_-1': 'nope', n: -1 })).toHaveLength(1);
  });
});

describe('patterns run in linear time (ORCH-SEC-012)', () => {
  it('checks a catastrophic-backtracking pattern in well under 50 ms', () => {
    const check = compileResponseFormat({
      type: 'json_schema',
      schema: { type: 'string', pattern: '^mock(k|kk)*!$' },
    });
    const started = performance.now();
    expect(check(`mock${'k'.repeat(5_000)}`)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
