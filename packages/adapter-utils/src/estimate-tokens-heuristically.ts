import type { TokenEstimate } from '@orch/adapter-api';

/** UTF-8 bytes per token assumed by the heuristic: below the ~4 of English BPE text, so it overestimates. */
export const HEURISTIC_BYTES_PER_TOKEN = 3;

/**
 * A tokenizer-free estimate for admission: one token per {@link HEURISTIC_BYTES_PER_TOKEN} UTF-8 bytes,
 * rounded up, plus one for the BOS token. Real BPE vocabularies average about four bytes per token on English
 * and fewer on other scripts, so this errs on the side of refusing a prompt that might not fit.
 */
export function estimateTokensHeuristically(text: string, maxTokens: number): TokenEstimate {
  const promptTokens = Math.ceil(Buffer.byteLength(text, 'utf8') / HEURISTIC_BYTES_PER_TOKEN) + 1;
  return { prompt_tokens: promptTokens, total_tokens: promptTokens + maxTokens, method: 'heuristic' };
}
