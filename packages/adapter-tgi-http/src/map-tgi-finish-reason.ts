import type { FinishReason } from '@orch/adapter-api';

/**
 * Normalises TGI's native `details.finish_reason` (specs/engines/tgi.md B.1, specs/engines/cross-engine.md E.7): `eos_token` (end-of-sequence token) and
 * `stop_sequence` (a stop string matched) are `stop`, `length` (`max_new_tokens` reached) is `length`;
 * anything newer is `other`. The raw value is always kept beside it as `finish_reason_raw`.
 */
export function mapTgiFinishReason(finishReason: string | undefined): FinishReason {
  switch (finishReason) {
    case 'eos_token':
    case 'stop_sequence':
      return 'stop';
    case 'length':
      return 'length';
    default:
      return 'other';
  }
}
