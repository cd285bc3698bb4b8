import type { FinishReason } from '@orch/adapter-api';

/** What the adapter knows when a Triton stream ends: Triton itself sends no finish reason (specs/engines/cross-engine.md E.7). */
export interface TritonStreamEnding {
  /** A stop string matched in the text. */
  stopMatched: boolean;
  /** Responses that carried `text_output`: one per generated token with streaming TensorRT-LLM. */
  responses: number;
  /** The task's `max_tokens`. */
  maxTokens: number;
  /** A response had `is_final` set (newer TensorRT-LLM builds). */
  finalSeen: boolean;
}

/** The normalised and raw finish reason of {@link mapTritonFinishReason}. */
export interface TritonFinish {
  finish_reason: FinishReason;
  /** `stop_words`, `max_tokens`, `is_final` or `eof`: what the adapter based its reading on. */
  finish_reason_raw: string;
}

/**
 * Derives why a Triton stream ended, since the server has no finish event (the stream just ends, specs/engines/triton.md C.1):
 * a matched stop string → `stop` (`stop_words`); as many responses as `max_tokens` → `length`
 * (`max_tokens`); otherwise the model stopped by itself (end-of-sequence) → `stop`, with raw `is_final`
 * when the last response said so, else `eof` (the stream simply ended). One response per token is what
 * TensorRT-LLM streams; an EOS that lands exactly on the last allowed token reads as `length`.
 */
export function mapTritonFinishReason(ending: TritonStreamEnding): TritonFinish {
  if (ending.stopMatched) return { finish_reason: 'stop', finish_reason_raw: 'stop_words' };
  if (ending.maxTokens > 0 && ending.responses >= ending.maxTokens) {
    return { finish_reason: 'length', finish_reason_raw: 'max_tokens' };
  }
  return { finish_reason: 'stop', finish_reason_raw: ending.finalSeen ? 'is_final' : 'eof' };
}
