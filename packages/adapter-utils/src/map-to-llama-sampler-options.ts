import type { ResolvedSampling } from '@orch/adapter-api';
import type { LlamaSamplerOptions } from './llama-sampler-options.js';

/** A task's resolved sampling under llama.cpp's (and Ollama's) parameter names. */
export function mapToLlamaSamplerOptions(sampling: ResolvedSampling): LlamaSamplerOptions {
  return {
    temperature: sampling.temperature,
    top_k: sampling.top_k,
    top_p: sampling.top_p,
    min_p: sampling.min_p,
    typical_p: sampling.typical_p,
    repeat_penalty: sampling.repetition_penalty,
    repeat_last_n: sampling.penalty_last_n,
    presence_penalty: sampling.presence_penalty,
    frequency_penalty: sampling.frequency_penalty,
    mirostat: sampling.mirostat,
  };
}
