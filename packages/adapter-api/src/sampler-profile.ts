/**
 * A versioned set of values for every sampling parameter an engine would otherwise take from its own
 * defaults (command-line flags, the model's `generation_config.json`, a Modelfile, GGUF metadata). Adapters
 * send the whole profile with every task, the task's own fields replacing the profile's, so that no engine
 * default ever reaches an answer. Values are neutral: every truncation, penalty and adaptive sampler is off,
 * so a task samples the model's own distribution unless it asks otherwise. The per-engine mapping is in
 * `specs/determinism.md` (ORCH-DET-010…015).
 */
export interface SamplerProfile {
  /** The profile's version, e.g. `sp-1`; a changed value or field gets a new version. */
  readonly version: string;
  /** Sampling temperature; 0 means greedy decoding (argmax) on every engine. */
  readonly temperature: number;
  /** Top-k cut; 0 means off. */
  readonly top_k: number;
  /** Nucleus mass; 1 means off. */
  readonly top_p: number;
  /** Min-p threshold relative to the most likely token; 0 means off. */
  readonly min_p: number;
  /** Locally typical sampling mass; 1 means off. */
  readonly typical_p: number;
  /** Multiplicative repetition penalty; 1 means off. */
  readonly repetition_penalty: number;
  /** Additive presence penalty; 0 means off. */
  readonly presence_penalty: number;
  /** Additive frequency penalty; 0 means off. */
  readonly frequency_penalty: number;
  /**
   * Tokens the penalties look back over where an engine has a window (llama.cpp, Ollama `repeat_last_n`);
   * 0 means none, so no penalty applies. Engines without a window (vLLM, TGI, TensorRT-LLM) rely on the
   * neutral penalty values alone.
   */
  readonly penalty_last_n: number;
  /** Mirostat mode; 0 means off (a mirostat mode replaces the whole sampler chain in llama.cpp and Ollama). */
  readonly mirostat: number;
  /** Dynamic temperature range (llama.cpp); 0 means off. */
  readonly dynatemp_range: number;
  /** XTC probability (llama.cpp); 0 means off. */
  readonly xtc_probability: number;
  /** DRY multiplier (llama.cpp); 0 means off. */
  readonly dry_multiplier: number;
  /** Top-n-sigma (llama.cpp); -1 means off. */
  readonly top_n_sigma: number;
  /**
   * The order of the sampler chain before the seeded draw, where an engine lets it be chosen (llama.cpp
   * `samplers`): temperature first, as vLLM, TGI, TensorRT-LLM and Ollama apply it, then the truncations.
   */
  readonly sampler_order: readonly ('temperature' | 'top_k' | 'top_p' | 'min_p')[];
}

/** Version of {@link SAMPLER_PROFILE}, reported in `AdapterProperties.sampler_profile_version`. */
export const SAMPLER_PROFILE_VERSION = 'sp-1';

/** The sampler profile every adapter of this contract implements (ORCH-DET-010). */
export const SAMPLER_PROFILE: SamplerProfile = Object.freeze({
  version: SAMPLER_PROFILE_VERSION,
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
  sampler_order: Object.freeze(['temperature', 'top_k', 'top_p', 'min_p'] as const),
});
