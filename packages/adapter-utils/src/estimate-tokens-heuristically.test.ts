import { describe, expect, it } from 'vitest';
import { estimateTokensHeuristically } from './estimate-tokens-heuristically.js';

describe('estimateTokensHeuristically', () => {
  it('counts one token per 3 UTF-8 bytes, rounded up, plus one for BOS, then adds max_tokens', () => {
    expect(estimateTokensHeuristically('abcdefg', 10)).toEqual({
      prompt_tokens: 4,
      total_tokens: 14,
      method: 'heuristic',
    });
  });

  it('counts bytes, not characters, so non-ASCII text is never underestimated', () => {
    // "é" is 2 bytes and "😀" 4: 6 bytes → 2 tokens + BOS.
    expect(estimateTokensHeuristically('é😀', 0).prompt_tokens).toBe(3);
  });

  it('gives the BOS token alone for an empty prompt', () => {
    expect(estimateTokensHeuristically('', 5)).toEqual({
      prompt_tokens: 1,
      total_tokens: 6,
      method: 'heuristic',
    });
  });
});
