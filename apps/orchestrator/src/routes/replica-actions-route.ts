import { toTaskError } from '@orch/adapter-api';
import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { describeUiReplica } from '../events/describe-ui-replica.js';
import { createErrorResponse } from '../http/error-response.js';
import { findReplicaById } from '../pools/find-replica-by-id.js';
import { createOperatorGuard } from './create-operator-guard.js';

/**
 * `POST /v1/replicas/{id}/breaker/reset`: closes the replica's breaker now (ORCH-UI-042); the change is
 * announced like any breaker change (a `replica` event, the breaker gauge, a fleet's shared state).
 */
export function createReplicaActionsRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.post('/:id/breaker/reset', createOperatorGuard(deps), (c) => {
    let found: ReturnType<typeof findReplicaById>;
    try {
      found = findReplicaById(deps.pools, c.req.param('id'));
    } catch (error) {
      return createErrorResponse(toTaskError(error));
    }
    const { pool, replica } = found;
    replica.breaker.reset();
    deps.logger.info('breaker reset by an operator', { pool_id: pool.id, replica_id: replica.id });
    return c.json(describeUiReplica(pool, replica));
  });
  return app;
}
