import { TaskError } from '@orch/adapter-api';
import type { Pool } from './pool.js';
import type { Replica } from './replica.js';

/**
 * The replica an action names: `pool_id:replica_id`, or a replica id alone when no other pool has one of that id.
 * Throws `not_found`, or `invalid_request` for an id that several pools use.
 */
export function findReplicaById(pools: readonly Pool[], id: string): { pool: Pool; replica: Replica } {
  const separator = id.indexOf(':');
  const poolId = separator === -1 ? undefined : id.slice(0, separator);
  const replicaId = separator === -1 ? id : id.slice(separator + 1);
  const matches = pools.flatMap((pool) =>
    poolId !== undefined && pool.id !== poolId
      ? []
      : pool.replicas.filter((replica) => replica.id === replicaId).map((replica) => ({ pool, replica })),
  );
  const [match, other] = matches;
  if (match === undefined) throw new TaskError('not_found', `No replica "${id}".`);
  if (other !== undefined) {
    throw new TaskError(
      'invalid_request',
      `Several pools have a replica "${replicaId}": name it as "pool_id:${replicaId}".`,
    );
  }
  return match;
}
