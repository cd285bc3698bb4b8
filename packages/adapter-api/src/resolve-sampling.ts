import { SAMPLER_PROFILE, type SamplerProfile } from './sampler-profile.js';
import type { Task } from './task.js';

/** The sampling parameters of one task: the sampler profile with the task's own fields in place. */
export interface ResolvedSampling extends SamplerProfile {
  /** True when the temperature is 0: decoding takes the most likely token and the seed has no effect. */
  readonly greedy: boolean;
}

/**
 * Fills every sampling parameter of a task (ORCH-DET-011): `temperature`, `top_k`, `top_p` and `min_p` from
 * the task where it sets them, everything else (and what it leaves out) from `profile`.
 */
export function resolveSampling(task: Task, profile: SamplerProfile = SAMPLER_PROFILE): ResolvedSampling {
  const temperature = task.temperature ?? profile.temperature;
  return {
    ...profile,
    temperature,
    top_k: task.top_k ?? profile.top_k,
    top_p: task.top_p ?? profile.top_p,
    min_p: task.min_p ?? profile.min_p,
    greedy: temperature === 0,
  };
}
