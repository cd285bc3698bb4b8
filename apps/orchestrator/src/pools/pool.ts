import type { PoolConfig } from '../config/config-schema.js';
import type { Replica } from './replica.js';

/** A set of replicas serving one model. */
export interface Pool {
  readonly config: PoolConfig;
  readonly replicas: readonly Replica[];
}
