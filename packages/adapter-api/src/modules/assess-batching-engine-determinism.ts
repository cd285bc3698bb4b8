import type { DeterminismVerdict } from './determinism-verdict.js';
import type { ReplicaDeterminismSettings } from './replica-determinism-settings.js';

/**
 * The rule of engines that batch requests by design (continuous batching): batch size changes the logits,
 * so a replica is deterministic only when it is declared `batch_invariant`.
 */
export function assessBatchingEngineDeterminism(
  engine: string,
  settings: ReplicaDeterminismSettings<unknown>,
): DeterminismVerdict {
  if (settings.batchInvariant) return { verdict: 'yes' };
  return { verdict: 'no', reason: `engine "${engine}" batches requests and batch_invariant is not declared` };
}
