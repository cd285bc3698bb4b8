/** llama.cpp llama-server-specific settings (specs/engines/llamacpp.md). */
export interface LlamaCppFakeOptions {
  /** Serve `/metrics` (as with `--metrics`, default true); false gives 501 `not_supported_error`. */
  metrics?: boolean;
  /** Serve `/slots` (default true); false gives 501 as with `--no-slots`. */
  slotsEndpoint?: boolean;
  /** `/props.model_path`. */
  modelPath?: string;
}
