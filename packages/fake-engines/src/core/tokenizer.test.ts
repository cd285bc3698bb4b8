import { describe, expect, it } from 'vitest';
import { detokenize, tokenize, tokenizeWithOffsets } from './tokenizer.js';
import { SPECIAL_TOKEN_IDS } from './vocabulary.js';

describe('fake tokenizer', () => {
  it('round-trips text with accents, CJK and emoji', () => {
    const text = 'The engine runs café 日本語 🚀 — naïve\n';
    expect(detokenize(tokenize(text))).toBe(text);
  });

  it('uses whole word pieces where it can and one byte token per byte otherwise', () => {
    expect(tokenize(' the model')).toHaveLength(2);
    expect(tokenize('🚀')).toHaveLength(4);
  });

  it('adds BOS when asked and reports character offsets', () => {
    const tokens = tokenizeWithOffsets(' the x', true);
    expect(tokens[0]?.id).toBe(SPECIAL_TOKEN_IDS.bos);
    expect(tokens.slice(1).map((token) => [token.start, token.end])).toEqual([
      [0, 4],
      [4, 5],
      [5, 6],
    ]);
  });
});
