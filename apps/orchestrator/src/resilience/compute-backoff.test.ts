import { describe, expect, it } from 'vitest';
import { computeBackoff } from './compute-backoff.js';

describe('computeBackoff (ORCH-RES-006)', () => {
  const policy = { baseMs: 50, maxMs: 1_000 };

  it('draws a full-jitter delay in [0, base·2^(attempt-1)], capped at maxMs', () => {
    expect(computeBackoff(1, undefined, policy, () => 0.999)).toBe(49);
    expect(computeBackoff(3, undefined, policy, () => 0.5)).toBe(100);
    expect(computeBackoff(10, undefined, policy, () => 0.999)).toBe(999);
    expect(computeBackoff(2, undefined, policy, () => 0)).toBe(0);
  });

  it("never waits less than the engine's retry-after", () => {
    expect(computeBackoff(1, 2_500, policy, () => 0.1)).toBe(2_500);
  });
});
