import { type Task, TaskError } from '@orch/adapter-api';
import type { Pool } from '../pools/pool.js';
import { assessReplicaDeterminism } from './assess-replica-determinism.js';

/**
 * Refuses a strict task before it is admitted when no replica of its pool can ever run it
 * (ORCH-DET-042): `capability_unsupported` (HTTP 400), naming every replica and why it does not qualify.
 * A replica whose engine has not been read yet still counts: the task then waits for it like any other.
 */
export function checkDeterminismSupport(task: Task, pool: Pool): void {
  if (task.determinism !== 'strict') return;
  const verdicts = pool.replicas.map((replica) => ({
    id: replica.id,
    ...assessReplicaDeterminism(pool, replica),
  }));
  if (verdicts.some((entry) => entry.verdict !== 'no')) return;
  const reasons = verdicts
    .map((entry) => `${entry.id}: ${'reason' in entry ? entry.reason : 'eligible'}`)
    .join('; ');
  throw new TaskError(
    'capability_unsupported',
    `Pool "${pool.id}" has no deterministic replica for a "strict" task (${reasons}).`,
  );
}
