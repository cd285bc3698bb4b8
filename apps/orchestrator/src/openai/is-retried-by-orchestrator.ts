import { ERROR_CODES, type TaskError } from '@orch/adapter-api';
import type { Pool } from '../pools/pool.js';

/**
 * Whether the orchestrator tries other replicas of `pool` for this failure before the first token (engine
 * failures that are retriable, in a pool with more than one replica and more than one attempt): a client
 * retry on top would multiply the attempts.
 */
export function isRetriedByOrchestrator(failure: TaskError, pool: Pool | undefined): boolean {
  if (pool === undefined || !failure.retriable) return false;
  return (
    ERROR_CODES[failure.code].origin === 'engine' &&
    pool.config.retry.max_attempts > 1 &&
    pool.replicas.length > 1
  );
}
