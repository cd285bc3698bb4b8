/** TGI-specific settings (specs/engines/tgi.md). */
export interface TgiFakeOptions {
  /** `/info.max_input_tokens`; defaults to half the context length. */
  maxInputTokens?: number;
  /** `/info.max_stop_sequences` and the validation limit on `stop` (default 4). */
  maxStopSequences?: number;
  /** Serve pre-2.1 `/info` (`max_input_length`, `model_dtype`, `model_device_type`) instead of the current one. */
  legacyInfo?: boolean;
}
