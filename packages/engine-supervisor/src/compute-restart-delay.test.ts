import { describe, expect, it } from 'vitest';
import { computeRestartDelay, DEFAULT_RESTART_BACKOFF } from './compute-restart-delay.js';

describe('computeRestartDelay', () => {
  it('doubles from baseMs with each consecutive failure and stops at maxMs', () => {
    const backoff = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((failure) => computeRestartDelay(failure, backoff))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('never overflows to Infinity after very many failures', () => {
    expect(computeRestartDelay(10_000, DEFAULT_RESTART_BACKOFF)).toBe(DEFAULT_RESTART_BACKOFF.maxMs);
  });

  it('treats failure numbers below 1 as the first failure', () => {
    expect(computeRestartDelay(0, { baseMs: 50, maxMs: 500 })).toBe(50);
  });
});
