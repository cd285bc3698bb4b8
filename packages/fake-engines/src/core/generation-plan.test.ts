import { describe, expect, it } from 'vitest';
import { planGeneration } from './generation-plan.js';

const base = {
  prompt: 'Tell me a story',
  seed: 42,
  maxTokens: 40,
  eosAfterTokens: 0,
  stop: [],
  includeStopInOutput: false,
};

describe('planGeneration', () => {
  it('gives the same tokens for the same seed and prompt', () => {
    expect(planGeneration(base)).toEqual(planGeneration(base));
  });

  it('gives different text for a different seed or a different prompt', () => {
    const first = planGeneration(base).text;
    expect(planGeneration({ ...base, seed: 43 }).text).not.toBe(first);
    expect(planGeneration({ ...base, prompt: 'Another prompt' }).text).not.toBe(first);
  });

  it('stops at max tokens with finish length', () => {
    const plan = planGeneration({ ...base, maxTokens: 7 });
    expect(plan.tokens).toHaveLength(7);
    expect(plan.finish).toBe('length');
  });

  it('ends with an EOS token after the natural length', () => {
    const plan = planGeneration({ ...base, maxTokens: 100, eosAfterTokens: 10 });
    expect(plan.finish).toBe('eos');
    expect(plan.tokens.at(-1)).toMatchObject({ id: 2, special: true, text: '' });
    expect(plan.tokens.length).toBeGreaterThanOrEqual(11);
  });

  it('never ends with EOS when ignoreEos is set', () => {
    const plan = planGeneration({ ...base, maxTokens: 30, eosAfterTokens: 5, ignoreEos: true });
    expect(plan.finish).toBe('length');
    expect(plan.tokens).toHaveLength(30);
  });

  it('makes the text exactly the concatenation of the token pieces', () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const plan = planGeneration({ ...base, seed, maxTokens: 60 });
      expect(plan.tokens.map((token) => token.text).join('')).toBe(plan.text);
    }
  });

  it('produces multi-byte text, including characters split across tokens', () => {
    const plans = Array.from({ length: 20 }, (_, seed) => planGeneration({ ...base, seed, maxTokens: 80 }));
    expect(plans.some((plan) => /[\u0080-\uffff]/.test(plan.text))).toBe(true);
    expect(plans.some((plan) => plan.tokens.some((token) => token.incomplete))).toBe(true);
    expect(plans.some((plan) => plan.tokens.some((token) => token.isolatedText.includes('\ufffd')))).toBe(
      true,
    );
  });

  it('cuts the output before a stop string, or after it when asked to keep it', () => {
    const full = planGeneration({ ...base, maxTokens: 40 });
    const stop = full.text.slice(10, 16);
    const cut = planGeneration({ ...base, stop: [stop] });
    expect(cut.finish).toBe('stop');
    expect(cut.stopMatched).toBe(stop);
    expect(cut.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
    const kept = planGeneration({ ...base, stop: [stop], includeStopInOutput: true });
    expect(kept.text).toBe(full.text.slice(0, full.text.indexOf(stop) + stop.length));
    expect(kept.tokens.map((token) => token.text).join('')).toBe(kept.text);
  });
});
