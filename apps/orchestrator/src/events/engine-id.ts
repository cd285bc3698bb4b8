/** The id of a replica's managed engine on the status page: `pool_id:replica_id` (`:` is in neither). */
export function engineIdOf(poolId: string, replicaId: string): string {
  return `${poolId}:${replicaId}`;
}
