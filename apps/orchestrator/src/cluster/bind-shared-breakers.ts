import type { Logger } from '../logging/logger.js';
import type { Pool } from '../pools/pool.js';

/** A breaker change of one replica, as another member published it. */
interface RemoteBreakerChange {
  poolId: string;
  replicaId: string;
  state: 'open' | 'closed';
  /** The instance id of the member that published it. */
  from: string;
}

/**
 * Binds every replica breaker of `pools` to the other members that share them (ORCH-CLU-030 through Redis,
 * ORCH-CLU-081 through a host's primary): a breaker that opens or closes here is published and a change learned
 * from another member is applied; when a breaker turns half-open, only the member that takes the probe lock sends
 * the trial, the others go back to open until it has decided. A lock that cannot be asked for (Redis down) lets this
 * member decide for itself.
 */
export function bindSharedBreakers(
  pools: readonly Pool[],
  transport: {
    onRemoteChange(apply: (change: RemoteBreakerChange) => void): void;
    publish(poolId: string, replicaId: string, state: 'open' | 'closed'): void;
    takeProbeLock(poolId: string, replicaId: string, lockMs: number): Promise<boolean>;
  },
  logger: Logger,
): void {
  const byName = new Map(
    pools.flatMap((pool) => pool.replicas.map((replica) => [`${pool.id}/${replica.id}`, replica] as const)),
  );
  transport.onRemoteChange((change) => {
    const replica = byName.get(`${change.poolId}/${change.replicaId}`);
    if (replica === undefined || (change.state !== 'open' && change.state !== 'closed')) return;
    logger.info('breaker state learned from another instance', {
      pool_id: change.poolId,
      replica_id: change.replicaId,
      state: change.state,
      from_instance: change.from,
    });
    replica.breaker.applyRemote(change.state);
  });
  for (const pool of pools) {
    for (const replica of pool.replicas) {
      const { breaker } = replica;
      breaker.onChange((state, remote) => {
        if (remote) return;
        if (state === 'half_open') {
          breaker.withholdTrial();
          transport
            .takeProbeLock(pool.id, replica.id, breaker.settings.reset_timeout_ms)
            .then(
              (won) => breaker.settleTrial(won),
              () => breaker.settleTrial(true),
            )
            .finally(() => replica.announceCapacityChange());
          return;
        }
        transport.publish(pool.id, replica.id, state);
      });
    }
  }
}
