import { describe, expect, it } from 'vitest';
import { difference, median, percentile, quantileOfSorted, ratio, summarise } from './statistics.js';

describe('percentile', () => {
  it('interpolates linearly between the closest ranks (type 7, as NumPy)', () => {
    const samples = [15, 20, 35, 40, 50];
    expect(percentile(samples, 0)).toBe(15);
    expect(percentile(samples, 50)).toBe(35);
    expect(percentile(samples, 100)).toBe(50);
    // NumPy: np.percentile([15, 20, 35, 40, 50], 40) == 29.0, 99 → 49.6
    expect(percentile(samples, 40)).toBeCloseTo(29, 10);
    expect(percentile(samples, 99)).toBeCloseTo(49.6, 10);
  });

  it('does not depend on the order of the samples', () => {
    expect(percentile([50, 15, 40, 35, 20], 40)).toBeCloseTo(29, 10);
  });

  it('sorts numerically, not as strings', () => {
    expect(percentile([9, 10, 100], 50)).toBe(10);
  });

  it('gives the single value of a one-sample set for every percentile', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is null for an empty sample', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('refuses a percentile outside 0-100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => quantileOfSorted([1], -0.1)).toThrow(RangeError);
    expect(() => quantileOfSorted([1], Number.NaN)).toThrow(RangeError);
  });

  it('puts the p99 of 1..100 between the two largest values', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 99)).toBeCloseTo(99.01, 10);
    expect(percentile(samples, 50)).toBe(50.5);
  });
});

describe('summarise', () => {
  it('reports count, mean, percentiles and max', () => {
    const summary = summarise(Float64Array.from([4, 1, 3, 2]));
    expect(summary).toEqual({ count: 4, mean: 2.5, p50: 2.5, p90: 3.7, p99: expect.any(Number), max: 4 });
    expect(summary.p99).toBeCloseTo(3.97, 10);
  });

  it('reports nulls, not zeros, for an empty sample', () => {
    expect(summarise([])).toEqual({ count: 0, mean: null, p50: null, p90: null, p99: null, max: null });
  });
});

describe('ratio and difference', () => {
  it('divides, and is null without a positive denominator', () => {
    expect(ratio(80, 100)).toBe(0.8);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(3, undefined)).toBeNull();
  });

  it('subtracts the direct figure from the relayed one, keeping negative noise visible', () => {
    expect(difference(1.5, 1)).toBe(0.5);
    expect(difference(0.9, 1)).toBeCloseTo(-0.1, 10);
    expect(difference(null, 1)).toBeNull();
  });

  it('takes the median of repeated rounds', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNull();
  });
});
