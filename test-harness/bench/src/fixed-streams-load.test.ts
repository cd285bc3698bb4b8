import { describe, expect, it } from 'vitest';
import { collectTimings, compareTimings, type StreamTiming } from './fixed-streams-load.js';

const timing = (ttftMs: number | null, gaps: number[], complete = true): StreamTiming => ({
  ttftMs,
  gapsMs: Float64Array.from(gaps),
  complete,
});

describe('compareTimings', () => {
  it('subtracts the direct timing of the same seed, token by token', () => {
    const direct = new Map([
      [1, timing(2, [10, 40, 10])],
      [2, timing(3, [10, 10])],
    ]);
    const relayed = new Map([
      [1, timing(5, [11, 40.5, 9])],
      [2, timing(4, [12, 10])],
    ]);
    const { addedTtftMs, addedGapsMs } = compareTimings(relayed, direct);
    expect([...addedTtftMs]).toEqual([3, 1]);
    expect([...addedGapsMs]).toEqual([1, 0.5, -1, 2, 0]);
  });

  it('leaves out seeds missing or incomplete on either path', () => {
    const direct = new Map([
      [1, timing(2, [10])],
      [2, timing(2, [10], false)],
    ]);
    const relayed = new Map([
      [1, timing(3, [10])],
      [2, timing(3, [10])],
      [3, timing(3, [10])],
    ]);
    expect(compareTimings(relayed, direct).addedTtftMs).toHaveLength(1);
  });

  it('compares only the tokens both paths delivered', () => {
    const { addedGapsMs } = compareTimings(
      new Map([[1, timing(1, [10, 10, 10])]]),
      new Map([[1, timing(1, [9])]]),
    );
    expect([...addedGapsMs]).toEqual([1]);
  });
});

describe('collectTimings', () => {
  it('pools every TTFT and gap of a run', () => {
    const { ttftMs, gapsMs } = collectTimings(
      new Map([
        [1, timing(2, [10, 0])],
        [2, timing(null, [5])],
      ]),
    );
    expect([...ttftMs]).toEqual([2]);
    expect([...gapsMs]).toEqual([10, 0, 5]);
  });
});
