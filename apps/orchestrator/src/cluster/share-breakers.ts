import type { Logger } from '../logging/logger.js';
import type { Pool } from '../pools/pool.js';
import type { ClusterKeys } from './cluster-keys.js';
import type { ClusterRedis } from './cluster-redis.js';

/** A breaker change as published to the fleet. */
interface BreakerMessage {
  from: string;
  pool_id: string;
  replica_id: string;
  state: 'open' | 'closed';
}

/**
 * Shares every replica breaker across the fleet (ORCH-CLU-030, ORCH-CLU-031): a breaker that opens or closes here
 * is published and applied by the other instances at once; when a breaker turns half-open, only the instance that
 * takes the probe lock in Redis sends the trial, the others go back to open until it has decided. Redis down: every
 * instance keeps its own breakers and probes for itself.
 */
export function shareBreakers(
  pools: readonly Pool[],
  settings: { redis: ClusterRedis; keys: ClusterKeys; instanceId: string; logger: Logger },
): void {
  const { redis, keys, instanceId, logger } = settings;
  const byName = new Map(
    pools.flatMap((pool) => pool.replicas.map((replica) => [`${pool.id}/${replica.id}`, replica] as const)),
  );
  redis.subscribe(keys.breakerChannel, (text) => {
    let message: BreakerMessage;
    try {
      message = JSON.parse(text) as BreakerMessage;
    } catch {
      return;
    }
    if (message.from === instanceId) return;
    const replica = byName.get(`${message.pool_id}/${message.replica_id}`);
    if (replica === undefined || (message.state !== 'open' && message.state !== 'closed')) return;
    logger.info('breaker state learned from another instance', {
      pool_id: message.pool_id,
      replica_id: message.replica_id,
      state: message.state,
      from_instance: message.from,
    });
    replica.breaker.applyRemote(message.state);
  });

  for (const pool of pools) {
    for (const replica of pool.replicas) {
      const { breaker } = replica;
      breaker.onChange((state, remote) => {
        if (remote) return;
        if (state === 'half_open') {
          breaker.withholdTrial();
          const lockMs = breaker.settings.reset_timeout_ms;
          redis
            .call((client) => client.set(keys.probeLock(pool.id, replica.id), instanceId, 'PX', lockMs, 'NX'))
            .then(
              (won) => breaker.settleTrial(won === 'OK'),
              // Redis down: this instance decides for itself.
              () => breaker.settleTrial(true),
            )
            .finally(() => replica.announceCapacityChange());
          return;
        }
        const message: BreakerMessage = { from: instanceId, pool_id: pool.id, replica_id: replica.id, state };
        redis.publish(keys.breakerChannel, JSON.stringify(message));
      });
    }
  }
}
