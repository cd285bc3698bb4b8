import { type AdapterLogger, type CompleteWorkerAdapter, withAdapterDefaults } from '@orch/adapter-api';
import type { PoolConfig, ReplicaConfig } from '../config/config-schema.js';

/** What the adapter of one replica is built from. */
export interface ReplicaAdapterInput {
  pool: PoolConfig;
  replica: ReplicaConfig;
  /** Where the engine listens: the replica's `url`, or its launched process's address. */
  baseUrl: string | undefined;
  /** The API key read from `api_key_env`, when set. */
  apiKey: string | undefined;
  logger: AdapterLogger;
}

/**
 * Builds the adapter of one replica with its pool's engine module, from the pool's model and timeouts and
 * the replica's parsed options; its optional methods get their defaults.
 */
export function createReplicaAdapter(input: ReplicaAdapterInput): CompleteWorkerAdapter {
  const { pool, replica } = input;
  return withAdapterDefaults(
    pool.engine_module.create({
      baseUrl: input.baseUrl,
      model: pool.model,
      apiKey: input.apiKey,
      ttftTimeoutMs: pool.timeouts.ttft_ms,
      idleTimeoutMs: pool.timeouts.idle_ms,
      options: replica.options,
      logger: input.logger,
    }),
  );
}
