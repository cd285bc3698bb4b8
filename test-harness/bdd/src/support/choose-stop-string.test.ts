import { describe, expect, it } from 'vitest';
import { chooseStopString } from './choose-stop-string.js';

describe('chooseStopString', () => {
  it('takes whole characters from the middle of the answer, found after its start', () => {
    const answer = ' the quiet river of light';
    const stop = chooseStopString(answer);
    expect(stop).toHaveLength(3);
    expect(answer.indexOf(stop)).toBeGreaterThan(0);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const stop = chooseStopString('🙂🙂🙂🙂 日本語 🙂🙂');
    expect(Array.from(stop)).toHaveLength(3);
    expect(stop).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('skips candidates made only of whitespace', () => {
    expect(chooseStopString('ab      cd').trim()).not.toBe('');
  });

  it('refuses an answer too short to hold a stop string', () => {
    expect(() => chooseStopString('ab')).toThrow(/too short/);
  });
});
