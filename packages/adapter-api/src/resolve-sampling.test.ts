import { describe, expect, it } from 'vitest';
import { resolveResponseSchema } from './resolve-response-schema.js';
import { resolveSampling } from './resolve-sampling.js';
import { SAMPLER_PROFILE, SAMPLER_PROFILE_VERSION } from './sampler-profile.js';
import type { Task } from './task.js';

const task: Task = { task_id: 't', model: 'm', prompt: 'p', max_tokens: 4, priority: 'batch' };

describe('the sampler profile sp-1 (ORCH-DET-020)', () => {
  it('is versioned and neutral: every truncation, penalty and adaptive sampler off', () => {
    expect(SAMPLER_PROFILE_VERSION).toBe('sp-1');
    expect(SAMPLER_PROFILE).toEqual({
      version: 'sp-1',
      temperature: 1,
      top_k: 0,
      top_p: 1,
      min_p: 0,
      typical_p: 1,
      repetition_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      penalty_last_n: 0,
      mirostat: 0,
      dynatemp_range: 0,
      xtc_probability: 0,
      dry_multiplier: 0,
      top_n_sigma: -1,
      sampler_order: ['temperature', 'top_k', 'top_p', 'min_p'],
    });
    expect(Object.isFrozen(SAMPLER_PROFILE)).toBe(true);
  });
});

describe('resolveSampling (ORCH-DET-021)', () => {
  it('takes every value from the profile when the task sets none', () => {
    expect(resolveSampling(task)).toEqual({ ...SAMPLER_PROFILE, greedy: false });
  });

  it("puts the task's own temperature, top_k, top_p and min_p in place of the profile's", () => {
    const sampling = resolveSampling({ ...task, temperature: 0.7, top_k: 40, top_p: 0.9, min_p: 0.05 });
    expect(sampling).toMatchObject({ temperature: 0.7, top_k: 40, top_p: 0.9, min_p: 0.05, greedy: false });
    expect(sampling.repetition_penalty).toBe(1);
  });

  it('calls temperature 0 greedy (ORCH-DET-022)', () => {
    expect(resolveSampling({ ...task, temperature: 0 }).greedy).toBe(true);
    expect(resolveSampling({ ...task, temperature: 0.01 }).greedy).toBe(false);
  });
});

describe('resolveResponseSchema', () => {
  it('gives the schema of json_schema and an object schema for json_object', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    expect(resolveResponseSchema({ type: 'json_schema', schema })).toBe(schema);
    expect(resolveResponseSchema({ type: 'json_object' })).toEqual({ type: 'object' });
  });
});
