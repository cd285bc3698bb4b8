/** Ollama-specific settings (specs/engines/ollama.md). */
export interface OllamaFakeOptions {
  /** `size` of the model in `/api/tags` and `/api/ps`, in bytes. */
  modelSizeBytes?: number;
}
