import { createReplicaAdapter } from '../adapters/create-replica-adapter.js';
import { ConfigError } from '../config/config-error.js';
import type { OrchestratorConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/logger.js';
import type { Pool } from './pool.js';
import { Replica } from './replica.js';

/** Builds every pool and replica adapter of a configuration; API keys are read from the environment here. */
export function createPools(config: OrchestratorConfig, logger: Logger, env = process.env): Pool[] {
  return config.pools.map((poolConfig, poolIndex) => ({
    config: poolConfig,
    replicas: poolConfig.replicas.map((replicaConfig, replicaIndex) => {
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
      const adapter = createReplicaAdapter({
        pool: poolConfig,
        replica: replicaConfig,
        configPath,
        apiKey,
        logger: adapterLogger,
      });
      return new Replica(replicaConfig.id, poolConfig.id, poolConfig.engine, adapter);
    }),
  }));
}
