import type { Task, TokenEstimate } from '@orch/adapter-api';

/** Tokens the chat heuristic adds for each message (role and separators) and once for the reply's start. */
export const CHAT_TOKENS_PER_MESSAGE = 4;
/** Tokens the chat heuristic adds once, for the assistant turn the template opens. */
export const CHAT_TOKENS_PER_REPLY = 3;

/**
 * Tokens of a text by the documented heuristic: one token per 4 ASCII characters (rounded up), plus one per
 * non-ASCII character. English BPE vocabularies average about 4 characters a token; CJK, accented and emoji
 * characters often take one or more tokens each, so counting them one by one keeps the estimate from
 * falling far short on such text (an estimate feeds admission against the context size, where too high is
 * safer than too low).
 */
export function countTokensByCharacters(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const character of text) {
    if ((character.codePointAt(0) ?? 0) <= 0x7f) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 4) + other;
}

/**
 * A {@link TokenEstimate} without the engine's tokenizer (`method: "heuristic"`): the prompt by
 * {@link countTokensByCharacters}, or for chat turns each message's content plus
 * {@link CHAT_TOKENS_PER_MESSAGE}, plus {@link CHAT_TOKENS_PER_REPLY} once; then `max_tokens` on top.
 */
export function estimateTokensByCharacters(task: Task): TokenEstimate {
  const promptTokens =
    task.prompt !== undefined
      ? countTokensByCharacters(task.prompt)
      : (task.messages ?? []).reduce(
          (total, message) => total + countTokensByCharacters(message.content) + CHAT_TOKENS_PER_MESSAGE,
          CHAT_TOKENS_PER_REPLY,
        );
  return { prompt_tokens: promptTokens, total_tokens: promptTokens + task.max_tokens, method: 'heuristic' };
}
