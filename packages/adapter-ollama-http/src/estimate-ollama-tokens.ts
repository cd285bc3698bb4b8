import type { Task, TokenEstimate } from '@orch/adapter-api';
import { estimateTokensHeuristically } from '@orch/adapter-utils';

/** Tokens a chat template adds around each turn (role markers, separators) in common templates. */
export const CHAT_TOKENS_PER_MESSAGE = 4;

/**
 * Ollama's native API has no tokenizer endpoint, so the estimate is the heuristic of
 * `estimateTokensHeuristically` over the prompt, or over the chat turns' contents plus
 * {@link CHAT_TOKENS_PER_MESSAGE} per turn for the template Ollama applies.
 */
export function estimateOllamaTokens(task: Task): TokenEstimate {
  if (task.prompt !== undefined || task.messages === undefined) {
    return estimateTokensHeuristically(task.prompt ?? '', task.max_tokens);
  }
  const contents = estimateTokensHeuristically(task.messages.map((message) => message.content).join(''), 0);
  const promptTokens = contents.prompt_tokens + CHAT_TOKENS_PER_MESSAGE * task.messages.length;
  return { prompt_tokens: promptTokens, total_tokens: promptTokens + task.max_tokens, method: 'heuristic' };
}
