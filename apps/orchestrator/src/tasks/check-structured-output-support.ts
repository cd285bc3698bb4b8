import { type Task, TaskError } from '@orch/adapter-api';
import type { Pool } from '../pools/pool.js';

/**
 * Refuses up front (ORCH-API-021) a task with `response_format` for a pool whose replicas do not all declare
 * `capabilities.structured_output` in their properties: a pool answers the same way whichever replica runs
 * the task. Replicas whose properties were never read are not judged (a lazily started engine); their
 * adapters refuse such a task themselves, before streaming.
 */
export function checkStructuredOutputSupport(task: Task, pool: Pool): void {
  if (task.response_format === undefined) return;
  const incapable = pool.replicas.filter(
    (replica) =>
      replica.properties !== undefined && replica.properties.capabilities?.structured_output !== true,
  );
  if (incapable.length === 0) return;
  const names = incapable.map((replica) => `"${replica.id}" (${replica.engine})`).join(', ');
  throw new TaskError(
    'capability_unsupported',
    `Pool "${pool.id}" cannot constrain output to response_format: replica ${names} has no structured output.`,
  );
}
