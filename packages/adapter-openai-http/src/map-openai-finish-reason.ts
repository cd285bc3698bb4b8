import type { FinishReason } from '@orch/adapter-api';
import {
  formatOpenAiFinishReasonRaw,
  mapOpenAiFinishReason as mapSharedFinishReason,
} from '@orch/adapter-utils';

/**
 * An OpenAI-compatible server's `finish_reason`, normalised, with the raw value kept (specs/engines/cross-engine.md E.7): `stop` → `stop`,
 * `length` → `length`, `content_filter` (OpenAI withheld the rest) → `content_filter`, `abort` (vLLM) →
 * `cancelled`, `tool_calls`, `function_call` and anything newer → `other`. The raw value is the
 * `finish_reason`, with `:<stop_reason>` appended where the server sends one (vLLM).
 */
export function mapOpenAiFinishReason(
  finishReason: string,
  stopReason?: string | number | null,
): { finish_reason: FinishReason; finish_reason_raw: string } {
  return {
    finish_reason: mapSharedFinishReason(finishReason),
    finish_reason_raw: formatOpenAiFinishReasonRaw(finishReason, stopReason),
  };
}
