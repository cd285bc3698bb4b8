/**
 * The key of a replica on the page and in the breaker-reset route: `pool_id:id`.
 * @param {{ pool_id: string, id: string }} replica
 */
export function replicaKey(replica) {
  return `${replica.pool_id}:${replica.id}`;
}
