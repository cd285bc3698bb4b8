/** Triton/TensorRT-LLM-specific switches (specs/engines/triton.md, specs/engines/cross-engine.md E.5, E.6). */
export interface TritonFakeOptions {
  /** Name of the ensemble's seed input: `random_seed` (TRT-LLM ≤ 0.19, default) or `seed` (newer). The other
   * name is then an unknown key, passed on as a request parameter and ignored. */
  seedInputName?: 'random_seed' | 'seed';
  /** Lose the leading space of every streamed token (tensorrtllm_backend#112: per-token SentencePiece decode). */
  dropLeadingSpaces?: boolean;
  /** Stream `"�"` for tokens that hold part of a multi-byte character (per-token decode with replacement). */
  replacementChars?: boolean;
  /** Status for a model name that does not exist: 400 (default) or 404 ([UNCERTAIN] in specs/engines/triton.md C.3). */
  unknownModelStatus?: 400 | 404;
  /** Add the newer `is_final` output to every response (TensorRT-LLM#2595). */
  isFinalOutput?: boolean;
  /**
   * The `tensorrt_llm_bls` model's `accumulate_tokens` parameter (default false, as the stock template leaves it):
   * when true, its config says so and each streamed `text_output` is the whole text so far
   * (specs/engines/triton.md C.8). The ensemble always streams per-step text, as the stock postprocessing does.
   */
  accumulateTokens?: boolean;
}
