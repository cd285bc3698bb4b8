import { describe, expect, it } from 'vitest';
import { assessBatchingEngineDeterminism } from './assess-batching-engine-determinism.js';

describe('assessBatchingEngineDeterminism', () => {
  const rules = assessBatchingEngineDeterminism('vllm');

  it('objects to no setting at config load', () => {
    expect(rules.findConfigProblems({ batchInvariant: false, options: {} })).toEqual([]);
  });

  it('accepts a replica declared batch_invariant', () => {
    expect(rules.assessReplica({ batchInvariant: true, options: {} }, undefined)).toEqual({ verdict: 'yes' });
  });

  it('refuses an undeclared replica, naming the engine', () => {
    const verdict = rules.assessReplica({ batchInvariant: false, options: {} }, undefined);
    expect(verdict).toEqual({ verdict: 'no', reason: expect.stringContaining('"vllm" batches requests') });
  });
});
