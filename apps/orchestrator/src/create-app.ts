import { TaskError } from '@orch/adapter-api';
import { Hono } from 'hono';
import type { AppDeps } from './deps/app-deps.js';
import { createApiKeyAuth } from './http/api-key-auth.js';
import { createCrossSiteGuard, defaultAllowedHosts } from './http/create-cross-site-guard.js';
import { createNoRouteResponse } from './http/create-no-route-response.js';
import { createErrorResponse } from './http/error-response.js';
import { createOpenApiDocument } from './openai/create-openapi-document.js';
import { createOpenAiRoutes } from './openai/openai-routes.js';
import { createTaskStarter } from './routes/create-task-starter.js';
import { createEnginesRoute } from './routes/engines-route.js';
import { createEventsRoute } from './routes/events-route.js';
import { createHealthRoute } from './routes/health-route.js';
import { createMetricsRoute } from './routes/metrics-route.js';
import { createReplicaActionsRoute } from './routes/replica-actions-route.js';
import { createReplicasRoute } from './routes/replicas-route.js';
import { createTasksRoute } from './routes/tasks-route.js';
import { createUiRoute } from './ui/create-ui-route.js';

/** Builds the HTTP app from its dependencies. No side effects: tests call `app.request` on it directly. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const { allowed_hosts: allowedHosts, host } = deps.config.server;
  // Without keys, the names a request came by and its origin are what keeps web pages out (ORCH-SEC-015).
  if (deps.apiKeys.length === 0 || allowedHosts !== undefined) {
    app.use('*', createCrossSiteGuard(allowedHosts ?? defaultAllowedHosts(host)));
  }
  if (deps.apiKeys.length > 0) {
    const auth = createApiKeyAuth(deps.apiKeyGrants ?? deps.apiKeys);
    app.use('/v1/*', auth);
    if (deps.config.server.auth?.protect_metrics) app.use('/metrics', auth);
  }
  app.route('/', createHealthRoute(deps));
  app.route('/metrics', createMetricsRoute(deps));
  // One starter for every dialect: one per-client stream limit, one pipeline.
  const startTask = createTaskStarter(deps);
  const tasksRoute = createTasksRoute(deps, startTask);
  app.post('/v1/tasks', async (_c, next) => {
    deps.metrics.apiRequests.inc({ api: 'native', route: 'tasks' });
    await next();
  });
  app.route('/v1/tasks', tasksRoute);
  if (deps.config.server.openai_api) {
    app.route('/v1', createOpenAiRoutes(deps, startTask));
  }
  const openApiDocument = createOpenApiDocument({
    openaiApi: deps.config.server.openai_api,
    version: '0.1.0',
  });
  app.get('/openapi.json', (c) => c.json(openApiDocument));
  app.route('/v1/replicas', createReplicasRoute(deps));
  app.route('/v1/replicas', createReplicaActionsRoute(deps));
  app.route('/v1/events', createEventsRoute(deps));
  app.route('/v1/engines', createEnginesRoute(deps));
  app.route('/ui', createUiRoute(deps));
  app.notFound(createNoRouteResponse);
  app.onError((error) => {
    deps.logger.error('unhandled error in a route', { error });
    return createErrorResponse(new TaskError('internal', 'Internal error.'));
  });
  return app;
}
