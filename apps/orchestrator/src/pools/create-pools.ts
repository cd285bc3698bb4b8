import { createReplicaAdapter } from '../adapters/create-replica-adapter.js';
import { ConfigError } from '../config/config-error.js';
import type { OrchestratorConfig } from '../config/config-schema.js';
import { createManagedReplicaAdapter } from '../engines/create-managed-replica-adapter.js';
import type { EngineManager } from '../engines/engine-manager.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { zeroPoolSeries, zeroReplicaGauges, zeroReplicaSeries } from '../metrics/zero-known-series.js';
import { type BreakerState, ReplicaBreaker } from '../resilience/replica-breaker.js';
import type { SlotAdmission } from '../scheduling/slot-admission.js';
import { attachManagedEngine } from './attach-managed-engine.js';
import { Pool } from './pool.js';
import { Replica } from './replica.js';

const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/** Makes the replica's per-task series at 0 whenever its engine reports a version it had not reported before. */
function followEngineVersion(replica: Replica, metrics: Metrics): void {
  const zeroed = new Set<string>();
  replica.onCapacityChange(() => {
    if (replica.properties === undefined || zeroed.has(replica.engineVersion)) return;
    zeroed.add(replica.engineVersion);
    zeroReplicaSeries(metrics, replica);
  });
}

/**
 * Builds every pool and replica adapter of a configuration; API keys are read from the environment here.
 * Replicas with a `launch` section get their engine from `engines` and an adapter that follows it.
 */
export function createPools(
  config: OrchestratorConfig,
  logger: Logger,
  metrics: Metrics,
  env = process.env,
  engines?: EngineManager,
  /** A fleet's admission (`cluster`) in place of each pool's in-process queue. */
  createAdmission?: (pool: Pool, onQueueDepth: (waiting: number) => void) => SlotAdmission,
): Pool[] {
  return config.pools.map((poolConfig, poolIndex) => {
    zeroPoolSeries(metrics, poolConfig.id);
    const replicas = poolConfig.replicas.map((replicaConfig, replicaIndex) => {
      const configPath = `pools[${poolIndex}].replicas[${replicaIndex}]`;
      let apiKey: string | undefined;
      if (replicaConfig.api_key_env !== undefined) {
        apiKey = env[replicaConfig.api_key_env];
        if (apiKey === undefined || apiKey.length === 0) {
          throw new ConfigError(
            `${configPath}.api_key_env: environment variable ${replicaConfig.api_key_env} is not set`,
          );
        }
      }
      const adapterLogger = logger.child({ pool_id: poolConfig.id, replica_id: replicaConfig.id });
      const adapterFor = (url: string | undefined) =>
        createReplicaAdapter({
          pool: poolConfig,
          replica: replicaConfig,
          baseUrl: url,
          apiKey,
          logger: adapterLogger,
        });
      const engine = engines?.get(poolConfig.id, replicaConfig.id);
      const adapter = engine
        ? createManagedReplicaAdapter(engine, poolConfig.engine, adapterFor)
        : adapterFor(replicaConfig.url);
      const breakerLabels = { pool_id: poolConfig.id, replica_id: replicaConfig.id };
      metrics.breakerState.set(breakerLabels, 0);
      let replica: Replica | undefined;
      const breaker = new ReplicaBreaker(
        poolConfig.breaker,
        (state) => {
          metrics.breakerState.set(breakerLabels, BREAKER_STATE_VALUE[state]);
          adapterLogger.warn('circuit breaker changed state', { state });
          // A half-open or closed breaker adds capacity.
          replica?.announceCapacityChange();
        },
        () => replica?.announceCapacityChange(),
      );
      replica = new Replica(
        replicaConfig.id,
        poolConfig.id,
        poolConfig.engine,
        adapter,
        breaker,
        replicaConfig.max_concurrency,
      );
      if (engine) attachManagedEngine(replica, engine);
      zeroReplicaGauges(metrics, replica);
      followEngineVersion(replica, metrics);
      return replica;
    });
    const depthLabels = { pool_id: poolConfig.id };
    return new Pool(
      poolConfig,
      replicas,
      (waiting) => metrics.queueDepth.set(depthLabels, waiting),
      createAdmission,
    );
  });
}
