import { TaskError } from '@orch/adapter-api';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { createNoRouteResponse } from '../http/create-no-route-response.js';
import { createErrorResponse } from '../http/error-response.js';
import { resolveUiViewer } from './resolve-ui-viewer.js';

/**
 * Lets through only those who may use the status page's actions (ORCH-UI-041): an operator key when
 * `server.auth` is on, a loopback client when it is off; anyone else gets 403 `forbidden`. With the page off
 * the actions answer 404 like any unknown route.
 */
export function createOperatorGuard(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const viewer = resolveUiViewer(c, deps);
    if (viewer === undefined) return createNoRouteResponse(c);
    if (!viewer.canAct) {
      const needs =
        deps.apiKeys.length > 0 ? 'an API key with operator: true' : 'a client on the loopback interface';
      return createErrorResponse(new TaskError('forbidden', `This action needs ${needs}.`));
    }
    await next();
  };
}
