import type { FinishReason } from '@orch/adapter-api';

/**
 * Normalises Ollama's `done_reason` (F): `stop` (end-of-sequence or a stop string) → `stop`, `length`
 * (`num_predict` reached) → `length`; `load` and `unload` (a request that only loaded or unloaded the model)
 * and anything newer → `other`. Ollama before `done_reason` existed (0.1.x) said nothing: the adapter then
 * reads `eval_count` reaching `num_predict` as `length`, anything else as `stop`. The raw value is kept
 * beside it (`none` when there was none).
 */
export function mapOllamaFinishReason(
  doneReason: string | undefined,
  evalCount: number | undefined,
  maxTokens: number,
): FinishReason {
  switch (doneReason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case undefined:
      return evalCount !== undefined && evalCount >= maxTokens ? 'length' : 'stop';
    default:
      return 'other';
  }
}
