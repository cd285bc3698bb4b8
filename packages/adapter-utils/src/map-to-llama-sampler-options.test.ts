import { resolveSampling, SAMPLER_PROFILE } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { mapToLlamaSamplerOptions } from './map-to-llama-sampler-options.js';

const task = { task_id: 'task-1', model: 'm', prompt: 'hi', max_tokens: 4, priority: 'interactive' } as const;

describe('mapToLlamaSamplerOptions', () => {
  it("renames the profile's penalties the llama.cpp way and keeps the task's own values", () => {
    const options = mapToLlamaSamplerOptions(resolveSampling({ ...task, temperature: 0.5, top_k: 7 }));
    expect(options.temperature).toBe(0.5);
    expect(options.top_k).toBe(7);
    expect(options.repeat_penalty).toBe(SAMPLER_PROFILE.repetition_penalty);
    expect(options.repeat_last_n).toBe(SAMPLER_PROFILE.penalty_last_n);
    expect(options.mirostat).toBe(SAMPLER_PROFILE.mirostat);
  });
});
