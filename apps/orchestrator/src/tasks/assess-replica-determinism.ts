import type { Pool } from '../pools/pool.js';
import type { Replica } from '../pools/replica.js';

/**
 * Whether a replica may run `determinism: "strict"` tasks right now: `yes`, `no` (with the reason, fixed by
 * config or by what the engine reports) or `unknown` (the engine has not been read yet).
 */
export type DeterminismVerdict =
  | { verdict: 'yes' }
  | { verdict: 'no'; reason: string }
  | { verdict: 'unknown'; reason: string };

/**
 * Decides from the replica's config and the engine's own report whether it is deterministic
 * (ORCH-DET-040, ORCH-DET-041): it must be declared `deterministic`; llama.cpp must also report one slot
 * (`total_slots` of `/props`) unless `batch_invariant` is declared, because several slots batch sequences
 * together and batch size changes the logits (specs/engines/cross-engine.md E.6); every other engine batches by design, so it
 * needs `batch_invariant` (vLLM: `VLLM_BATCH_INVARIANT=1`). The mock engine is deterministic by construction.
 */
export function assessReplicaDeterminism(pool: Pool, replica: Replica): DeterminismVerdict {
  const config = pool.config.replicas.find((candidate) => candidate.id === replica.id);
  if (config?.deterministic !== true) return { verdict: 'no', reason: 'not declared deterministic' };
  if (config.batch_invariant === true || replica.engine === 'mock') return { verdict: 'yes' };
  if (replica.engine !== 'llamacpp') {
    return {
      verdict: 'no',
      reason: `engine "${replica.engine}" batches requests and batch_invariant is not declared`,
    };
  }
  const slots = replica.properties?.slots_total;
  if (slots === undefined) return { verdict: 'unknown', reason: 'slot count not read from the engine yet' };
  if (slots === 1) return { verdict: 'yes' };
  return {
    verdict: 'no',
    reason: `llama.cpp runs ${slots} slots: run it with -np 1 or declare batch_invariant`,
  };
}

/** The replicas of a pool that may run strict tasks now. */
export function deterministicReplicas(pool: Pool): Replica[] {
  return pool.replicas.filter((replica) => assessReplicaDeterminism(pool, replica).verdict === 'yes');
}
