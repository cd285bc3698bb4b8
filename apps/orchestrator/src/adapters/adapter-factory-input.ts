import type { AdapterLogger } from '@orch/adapter-api';
import type { PoolConfig, ReplicaConfig } from '../config/config-schema.js';

/** What an engine's adapter factory gets to build the adapter of one replica. */
export interface AdapterFactoryInput {
  pool: PoolConfig;
  replica: ReplicaConfig;
  /** Where the pool/replica-tagged config path comes from in error messages, e.g. `pools[0].replicas[1]`. */
  configPath: string;
  /** The API key read from `api_key_env`, when set. */
  apiKey?: string;
  logger: AdapterLogger;
}
