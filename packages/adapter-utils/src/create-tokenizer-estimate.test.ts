import { describe, expect, it } from 'vitest';
import { createTokenizerEstimate } from './create-tokenizer-estimate.js';

describe('createTokenizerEstimate', () => {
  it('adds the token budget to the counted prompt tokens and says the tokenizer counted', () => {
    expect(createTokenizerEstimate(12, 30)).toEqual({
      prompt_tokens: 12,
      total_tokens: 42,
      method: 'tokenizer',
    });
  });
});
