import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { Pool } from './pool.js';
import type { Replica } from './replica.js';

/** Probes every replica now and then every `intervalMs`; returns a function that stops the probes. */
export async function startHealthChecks(
  pools: readonly Pool[],
  intervalMs: number,
  metrics: Metrics,
  logger: Logger,
): Promise<() => void> {
  const replicas = pools.flatMap((pool) => pool.replicas);
  const probe = async (replica: Replica) => {
    const before = replica.health.state;
    await replica.refresh();
    if (replica.health.state !== before) {
      logger.info('replica health changed', {
        pool_id: replica.poolId,
        replica_id: replica.id,
        from: before,
        to: replica.health.state,
        detail: replica.health.detail,
        engine_version: replica.engineVersion,
      });
    }
    metrics.replicaUp.set(
      {
        engine: replica.engine,
        engine_version: replica.engineVersion,
        pool_id: replica.poolId,
        replica_id: replica.id,
      },
      replica.isReady ? 1 : 0,
    );
  };
  const probeAll = async () => {
    await Promise.all(replicas.map(probe));
  };
  await probeAll();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    probeAll().finally(() => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
