/**
 * The sampling parameters under llama.cpp's names, which Ollama (built on llama.cpp) kept: both engines take
 * them as they are, so both adapters send the whole sampler profile (ORCH-DET-021) through this one shape.
 */
export interface LlamaSamplerOptions {
  temperature: number;
  top_k: number;
  top_p: number;
  min_p: number;
  typical_p: number;
  /** The profile's `repetition_penalty`. */
  repeat_penalty: number;
  /** The profile's `penalty_last_n`; 0: the penalties look at no token. */
  repeat_last_n: number;
  presence_penalty: number;
  frequency_penalty: number;
  /** 0: off (Ollama's newer engine has no mirostat at all). */
  mirostat: number;
}
