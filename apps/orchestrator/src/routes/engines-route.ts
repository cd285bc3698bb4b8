import { TaskError } from '@orch/adapter-api';
import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import type { ManagedEngine } from '../engines/managed-engine.js';
import { engineIdOf } from '../events/engine-id.js';
import type { UiEvents } from '../events/ui-events.js';
import { createErrorResponse } from '../http/error-response.js';
import { createOperatorGuard } from './create-operator-guard.js';

/** What an operator may ask of a managed engine. */
const ACTIONS = ['start', 'stop', 'restart'] as const;
type EngineAction = (typeof ACTIONS)[number];

/** Runs an action in the background: the engine's own `change` events tell how it goes. */
function runAction(engine: ManagedEngine, action: EngineAction): Promise<void> {
  switch (action) {
    case 'start':
      return engine.keepRunning();
    case 'stop':
      return engine.member.stop();
    case 'restart':
      return engine.member.stop().then(() => engine.keepRunning());
  }
}

/**
 * `POST /v1/engines/{id}/start|stop|restart` (ORCH-UI-043): operator actions on a persistent managed engine,
 * `{id}` being `pool_id:replica_id`. A stop waits for the tasks running on the engine, and keeps it stopped (no
 * crash restarts) until the next start. Lazy engines start and stop on demand, so they refuse these actions.
 * Answers 202 at once with the engine as it is; `engine` events follow.
 */
export function createEnginesRoute(deps: AppDeps): Hono {
  const app = new Hono();
  const guard = createOperatorGuard(deps);
  for (const action of ACTIONS) app.post(`/:id/${action}`, guard, (c) => act(c.req.param('id'), action));
  const act = (id: string, action: EngineAction) => {
    const engine = deps.engines.engines.find((entry) => engineIdOf(entry.poolId, entry.replicaId) === id);
    if (engine === undefined)
      return createErrorResponse(new TaskError('not_found', `No managed engine "${id}".`));
    if (engine.mode === 'lazy') {
      return createErrorResponse(
        new TaskError('invalid_request', `Engine "${id}" is lazy: it starts and stops on demand.`),
      );
    }
    const logger = deps.logger.child({ pool_id: engine.poolId, replica_id: engine.replicaId });
    logger.info('engine action by an operator', { action });
    runAction(engine, action).catch((error: unknown) =>
      logger.warn('engine action failed', { action, error: (error as Error).message }),
    );
    return Response.json((deps.ui as UiEvents).describeEngine(engine), { status: 202 });
  };
  return app;
}
