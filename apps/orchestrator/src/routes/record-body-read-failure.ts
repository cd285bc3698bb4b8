import type { TaskError } from '@orch/adapter-api';
import type { AppDeps } from '../deps/app-deps.js';

/**
 * Counts and logs a request whose body could not be read or parsed, before any pool was resolved. A client that
 * closed its connection mid-body gave up (`orch_tasks_abandoned_total`, stage `request_body`, ORCH-API-080); any
 * other failure is a refusal (`orch_tasks_rejected_total`).
 */
export function recordBodyReadFailure(
  deps: Pick<AppDeps, 'metrics' | 'logger'>,
  failure: TaskError,
  fields: Record<string, unknown> = {},
): void {
  if (failure.code === 'client_closed') {
    deps.metrics.tasksAbandoned.inc({ pool_id: '', stage: 'request_body', code: 'client_closed' });
    deps.logger.info('client closed the connection while sending the request body', {
      ...fields,
      code: failure.code,
      error: failure.message,
    });
    return;
  }
  deps.metrics.tasksRejected.inc({ pool_id: '', code: failure.code });
  deps.logger.info('task refused before streaming', {
    ...fields,
    code: failure.code,
    error: failure.message,
  });
}
