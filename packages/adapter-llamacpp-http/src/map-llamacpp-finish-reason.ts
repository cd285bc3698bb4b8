import type { FinishReason } from '@orch/adapter-api';

/**
 * Normalises llama.cpp's `stop_type` (specs/engines/llamacpp.md D.2, specs/engines/cross-engine.md E.7): `eos` (end-of-sequence token) and `word` (a stop string)
 * are `stop`, `limit` (`n_predict` reached) is `length`; `none` and values newer builds may add are `other`.
 * The raw value is always kept beside it as `finish_reason_raw`.
 */
export function mapLlamaCppFinishReason(stopType: string | undefined): FinishReason {
  switch (stopType) {
    case 'eos':
    case 'word':
      return 'stop';
    case 'limit':
      return 'length';
    default:
      return 'other';
  }
}
