import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';

const take = (count: number, next: () => number): number[] => Array.from({ length: count }, next);

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const first = createSeededRandom(123);
    const second = createSeededRandom(123);
    expect(take(100, first.nextUniform)).toEqual(take(100, second.nextUniform));
  });

  it('gives different sequences for different seeds, including seeds that differ above 32 bits', () => {
    const base = take(10, createSeededRandom(1).nextUniform);
    expect(take(10, createSeededRandom(2).nextUniform)).not.toEqual(base);
    expect(take(10, createSeededRandom(1 + 2 ** 32).nextUniform)).not.toEqual(base);
  });

  it('draws uniforms in [0, 1) and normals with mean near 0 and variance near 1', () => {
    const random = createSeededRandom(7);
    const uniforms = take(10_000, random.nextUniform);
    expect(uniforms.every((value) => value >= 0 && value < 1)).toBe(true);
    const normals = take(20_000, random.nextNormal);
    const mean = normals.reduce((sum, value) => sum + value, 0) / normals.length;
    const variance = normals.reduce((sum, value) => sum + (value - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(variance).toBeGreaterThan(0.9);
    expect(variance).toBeLessThan(1.1);
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    for (const seed of [-1, 1.5, Number.NaN, 2 ** 53])
      expect(() => createSeededRandom(seed)).toThrow(RangeError);
  });
});
