import { describe, expect, it } from 'vitest';
import { PatternCounter } from './pattern-counter.js';

const PATTERN = 'event: token';
const stream = `${'event: token\ndata: {"i":0}\n\n'.repeat(5)}event: end\ndata: {}\n\n`;

function countInPieces(text: string, cuts: number[]): number {
  const counter = new PatternCounter(PATTERN);
  const bytes = Buffer.from(text);
  let total = 0;
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    total += counter.count(bytes.subarray(from, cut));
    from = cut;
  }
  return total;
}

describe('PatternCounter', () => {
  it('counts every occurrence in one chunk', () => {
    expect(countInPieces(stream, [])).toBe(5);
  });

  it('counts an occurrence split across two chunks exactly once, wherever the cut falls', () => {
    for (let cut = 1; cut < stream.length; cut += 1) expect(countInPieces(stream, [cut])).toBe(5);
  });

  it('counts occurrences spread over chunks shorter than the pattern', () => {
    const cuts = Array.from({ length: stream.length - 1 }, (_, index) => index + 1);
    expect(countInPieces(stream, cuts)).toBe(5);
  });

  it('refuses an empty pattern', () => {
    expect(() => new PatternCounter('')).toThrow(RangeError);
  });
});
