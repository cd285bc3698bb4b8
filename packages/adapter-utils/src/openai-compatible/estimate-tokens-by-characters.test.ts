import type { Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { countTokensByCharacters, estimateTokensByCharacters } from './estimate-tokens-by-characters.js';

const base: Task = { task_id: 't', model: 'm', max_tokens: 10, priority: 'batch' };

describe('estimateTokensByCharacters', () => {
  it('counts one token per 4 ASCII characters, rounded up', () => {
    expect(countTokensByCharacters('')).toBe(0);
    expect(countTokensByCharacters('abcd')).toBe(1);
    expect(countTokensByCharacters('abcde')).toBe(2);
  });

  it('counts every non-ASCII character as a token of its own', () => {
    expect(countTokensByCharacters('日本語')).toBe(3);
    expect(countTokensByCharacters('café 🙂')).toBe(1 + 2);
  });

  it('adds max_tokens to the prompt estimate and says it is a heuristic', () => {
    expect(estimateTokensByCharacters({ ...base, prompt: 'How many tokens is this prompt?' })).toEqual({
      prompt_tokens: 8,
      total_tokens: 18,
      method: 'heuristic',
    });
  });

  it('adds the per-message and per-reply overhead for chat turns', () => {
    const estimate = estimateTokensByCharacters({
      ...base,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi there' },
      ],
    });
    expect(estimate.prompt_tokens).toBe(3 + (3 + 4) + (2 + 4));
    expect(estimate.total_tokens).toBe(estimate.prompt_tokens + 10);
  });
});
