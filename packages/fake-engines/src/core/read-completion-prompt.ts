import { isTokenIdList } from './json-fields.js';
import { detokenize } from './tokenizer.js';

/**
 * The one prompt of an OpenAI-style completion `prompt` field: a string, a list of token ids, or a list of one
 * of those (llama-server and vLLM read it alike); null for anything else, which the engine refuses its own way.
 */
export function readCompletionPrompt(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isTokenIdList(value)) return detokenize(value);
  if (Array.isArray(value) && value.length === 1) return readCompletionPrompt(value[0]);
  return null;
}
