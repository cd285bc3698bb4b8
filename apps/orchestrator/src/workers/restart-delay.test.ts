import { describe, expect, it } from 'vitest';
import { restartDelay } from './restart-delay.js';

describe('restartDelay (ORCH-CLU-080)', () => {
  it('waits 250 ms after the first exit, doubles with each exit that follows a short life, up to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(restartDelay)).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
});
