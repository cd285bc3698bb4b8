/** The engines the orchestrator knows how to drive. `mock` is the built-in deterministic engine. */
export const ENGINE_KINDS = ['mock', 'llamacpp', 'vllm', 'tgi', 'triton', 'openai', 'ollama'] as const;

/** One of {@link ENGINE_KINDS}. */
export type EngineKind = (typeof ENGINE_KINDS)[number];
