import { TaskError } from '@orch/adapter-api';
import type { Context } from 'hono';
import { createErrorResponse } from './error-response.js';

/**
 * The answer to a request no route serves: 404 `not_found`. Routes that are off (the status page's stream and
 * actions with `ui` off) answer it too, so they look like any unknown path.
 */
export function createNoRouteResponse(c: Context): Response {
  return createErrorResponse(new TaskError('not_found', `No route for ${c.req.method} ${c.req.path}.`));
}
