import { describe, expect, it } from 'vitest';
import { findExports } from './find-exports.js';

describe('findExports', () => {
  it('reads declarations, export lists (aliases, no type-only entries) and wholesale re-exports', () => {
    const source = [
      'export function createVllmAdapter() {}',
      'export async function* stream() {}',
      'export const VERSION = 1;',
      'export interface VllmSettings {}',
      "export { a, b as c, type D } from './x.js';",
      "export type { E } from './e.js';",
      "export * from './vllm-adapter.js';",
    ].join('\n');
    expect(findExports(source)).toEqual({
      names: ['createVllmAdapter', 'stream', 'VERSION', 'VllmSettings', 'a', 'c'],
      reexportAll: ['./vllm-adapter.js'],
    });
  });
});
