import type { FinishReason } from '@orch/adapter-api';

/**
 * Normalises an OpenAI-style `finish_reason` (specs/engines/cross-engine.md E.7):
 * - `stop` (EOS or a stop string; TGI's `eos_token` and `stop_sequence` too) → `stop`;
 * - `length` (`max_tokens` or the context reached) → `length`;
 * - `abort` (vLLM: the engine aborted the request, e.g. an operator abort; the client side never sees its own
 *   cancel this way because it has closed the connection) → `cancelled`;
 * - `content_filter` → `content_filter`;
 * - `tool_calls`, `function_call` and anything newer → `other`.
 */
export function mapOpenAiFinishReason(finishReason: string): FinishReason {
  switch (finishReason) {
    case 'stop':
    case 'eos_token':
    case 'stop_sequence':
      return 'stop';
    case 'length':
      return 'length';
    case 'abort':
      return 'cancelled';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}

/**
 * The raw value kept beside the normalised one: the engine's `finish_reason`, followed by vLLM's `stop_reason`
 * after a colon when the chunk carries one (specs/engines/vllm.md A.2): `stop: light` for the stop string `" light"`, `stop:128009`
 * for a stop token id, plain `stop` on EOS (`stop_reason: null`) and on servers that have no `stop_reason`.
 */
export function formatOpenAiFinishReasonRaw(
  finishReason: string,
  stopReason: string | number | null | undefined,
): string {
  return stopReason === null || stopReason === undefined ? finishReason : `${finishReason}:${stopReason}`;
}
