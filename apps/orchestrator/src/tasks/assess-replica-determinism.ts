import type { DeterminismVerdict } from '@orch/adapter-api';
import type { Pool } from '../pools/pool.js';
import type { Replica } from '../pools/replica.js';

export type { DeterminismVerdict } from '@orch/adapter-api';

/**
 * Decides from the replica's config and the engine's own report whether it is deterministic
 * (ORCH-DET-040, ORCH-DET-041): it must be declared `deterministic`; the rest is the rule of the pool's
 * engine module (llama.cpp must report one slot unless `batch_invariant` is declared, engines that batch by
 * design need `batch_invariant`, the mock engine is deterministic by construction).
 */
export function assessReplicaDeterminism(pool: Pool, replica: Replica): DeterminismVerdict {
  const config = pool.config.replicas.find((candidate) => candidate.id === replica.id);
  if (config?.deterministic !== true) return { verdict: 'no', reason: 'not declared deterministic' };
  return pool.config.engine_module.assessDeterminism.assessReplica(
    { batchInvariant: config.batch_invariant === true, options: config.options },
    replica.properties,
  );
}

/** The replicas of a pool that may run strict tasks now. */
export function deterministicReplicas(pool: Pool): Replica[] {
  return pool.replicas.filter((replica) => assessReplicaDeterminism(pool, replica).verdict === 'yes');
}
