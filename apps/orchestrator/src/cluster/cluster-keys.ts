/** The names of every Redis key and channel of a fleet, under its `key_prefix` (one place, so none collide). */
export function createClusterKeys(prefix: string) {
  return {
    waiters: (poolId: string) => `${prefix}:pool:${poolId}:waiters`,
    waiterExpiry: (poolId: string) => `${prefix}:pool:${poolId}:waiter-expiry`,
    leases: (poolId: string, replicaId: string) => `${prefix}:pool:${poolId}:leases:${replicaId}`,
    wakeChannel: (poolId: string) => `${prefix}:wake:${poolId}`,
    taskOwner: (taskId: string) => `${prefix}:task:${taskId}:owner`,
    cancelMarker: (taskId: string) => `${prefix}:task:${taskId}:cancel`,
    cancelChannel: (instanceId: string) => `${prefix}:cancel:${instanceId}`,
    breakerChannel: `${prefix}:breakers`,
    breakerState: (poolId: string, replicaId: string) => `${prefix}:breaker:${poolId}:${replicaId}`,
    probeLock: (poolId: string, replicaId: string) => `${prefix}:probe:${poolId}:${replicaId}`,
    launchLease: (poolId: string, replicaId: string) => `${prefix}:launch:${poolId}:${replicaId}`,
    instances: `${prefix}:instances`,
    instanceExpiry: `${prefix}:instance-expiry`,
    clientStreams: (client: string) => `${prefix}:client:${client}:streams`,
    /** The prefix of a client's per-minute counter; the script appends Redis's minute. */
    rateWindow: (kind: 'requests' | 'tokens', client: string) => `${prefix}:rate:${kind}:${client}`,
  };
}

/** The key and channel names of one fleet. */
export type ClusterKeys = ReturnType<typeof createClusterKeys>;
