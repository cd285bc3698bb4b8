import type { DeterminismAssessment } from './determinism-assessment.js';

/**
 * The rules of engines that batch requests by design (continuous batching): no setting is refused at config
 * load, and since batch size changes the logits, a replica is deterministic only when it is declared
 * `batch_invariant`.
 */
export function assessBatchingEngineDeterminism(engine: string): DeterminismAssessment<unknown> {
  return {
    findConfigProblems: () => [],
    assessReplica: ({ batchInvariant }) =>
      batchInvariant
        ? { verdict: 'yes' }
        : {
            verdict: 'no',
            reason: `engine "${engine}" batches requests and batch_invariant is not declared`,
          },
  };
}
