import type { FinishReason } from '@orch/adapter-api';
import { formatOpenAiFinishReasonRaw, mapOpenAiFinishReason } from '@orch/adapter-utils';

/**
 * vLLM's `finish_reason` (specs/engines/vllm.md A.2, specs/engines/cross-engine.md E.7) normalised, with the raw value kept. `stop` (EOS or a stop string) →
 * `stop`, `length` → `length`, `abort` (the engine aborted the request: an operator abort, since the adapter's
 * own cancel closes the connection and never reads this) → `cancelled`, `tool_calls` and newer values →
 * `other`. `finish_reason_raw` is the `finish_reason`, followed by `:` and the `stop_reason` when vLLM names
 * what stopped generation: `stop:</s>` or `stop:128009` (a stop token), `stop: light` (the stop string
 * `" light"`); plain `stop` on EOS, where `stop_reason` is null.
 */
export function mapVllmFinishReason(
  finishReason: string,
  stopReason?: string | number | null,
): { finish_reason: FinishReason; finish_reason_raw: string } {
  return {
    finish_reason: mapOpenAiFinishReason(finishReason),
    finish_reason_raw: formatOpenAiFinishReasonRaw(finishReason, stopReason),
  };
}
