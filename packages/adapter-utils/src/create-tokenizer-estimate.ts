import type { TokenEstimate } from '@orch/adapter-api';

/** The estimate of a prompt the engine's own tokenizer counted: exact, so admission can trust it. */
export function createTokenizerEstimate(promptTokens: number, maxTokens: number): TokenEstimate {
  return { prompt_tokens: promptTokens, total_tokens: promptTokens + maxTokens, method: 'tokenizer' };
}
