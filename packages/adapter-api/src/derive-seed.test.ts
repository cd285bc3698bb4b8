import { describe, expect, it } from 'vitest';
import { deriveSeed } from './derive-seed.js';

describe('deriveSeed (ORCH-DET-001)', () => {
  it('is FNV-1a 32-bit of the task id: stable across runs and releases', () => {
    expect(deriveSeed('')).toBe(0x811c9dc5);
    expect(deriveSeed('a')).toBe(0xe40c292c);
    expect(deriveSeed('task-1')).toBe(deriveSeed('task-1'));
    expect(deriveSeed('task-1')).not.toBe(deriveSeed('task-2'));
  });
});
