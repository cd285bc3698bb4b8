/** How many tokens a task will use at most, for admission against a replica's context size. */
export interface TokenEstimate {
  /** Prompt tokens (after the chat template where one applies). */
  prompt_tokens: number;
  /** `prompt_tokens + max_tokens`. */
  total_tokens: number;
  /** `tokenizer` when the engine's own tokenizer counted; `heuristic` when estimated from characters. */
  method: 'tokenizer' | 'heuristic';
}
