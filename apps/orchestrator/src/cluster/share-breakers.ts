import type { Logger } from '../logging/logger.js';
import type { Pool } from '../pools/pool.js';
import { bindSharedBreakers } from './bind-shared-breakers.js';
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
  bindSharedBreakers(
    pools,
    {
      onRemoteChange(apply) {
        redis.subscribe(keys.breakerChannel, (text) => {
          let message: BreakerMessage;
          try {
            message = JSON.parse(text) as BreakerMessage;
          } catch {
            return;
          }
          if (message.from === instanceId) return;
          apply({
            poolId: message.pool_id,
            replicaId: message.replica_id,
            state: message.state,
            from: message.from,
          });
        });
      },
      publish(poolId, replicaId, state) {
        const message: BreakerMessage = { from: instanceId, pool_id: poolId, replica_id: replicaId, state };
        redis.publish(keys.breakerChannel, JSON.stringify(message));
      },
      takeProbeLock: (poolId, replicaId, lockMs) =>
        redis
          .call((client) => client.set(keys.probeLock(poolId, replicaId), instanceId, 'PX', lockMs, 'NX'))
          .then((won) => won === 'OK'),
    },
    logger,
  );
}
