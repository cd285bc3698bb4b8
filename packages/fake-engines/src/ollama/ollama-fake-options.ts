/** Ollama-specific settings (PROTOCOLS.md F). */
export interface OllamaFakeOptions {
  /** `size` of the model in `/api/tags` and `/api/ps`, in bytes. */
  modelSizeBytes?: number;
}
