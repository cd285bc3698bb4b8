import { bindSharedBreakers } from '../cluster/bind-shared-breakers.js';
import type { Logger } from '../logging/logger.js';
import type { Pool } from '../pools/pool.js';
import type { WorkerLink } from './worker-link.js';

/**
 * Shares every replica breaker among the workers of a host (ORCH-CLU-081), as a fleet does through Redis
 * (ORCH-CLU-030): a change in one worker is relayed by the primary to the others, and the half-open probe lock is
 * the primary's. A primary that does not answer the lock request lets this worker probe for itself.
 */
export function shareBreakersBetweenWorkers(pools: readonly Pool[], link: WorkerLink, logger: Logger): void {
  bindSharedBreakers(
    pools,
    {
      onRemoteChange(apply) {
        link.onPush('breaker', (push) =>
          apply({ poolId: push.pool, replicaId: push.replica, state: push.state, from: push.from }),
        );
      },
      publish: (pool, replica, state) => link.notify({ kind: 'breaker', pool, replica, state }),
      takeProbeLock: (pool, replica, lockMs) => link.request({ kind: 'probe-lock', pool, replica, lockMs }),
    },
    logger,
  );
}
