import { TaskError, toTaskError } from '@orch/adapter-api';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { readRequestBody } from '../http/read-request-body.js';
import { createModelsRoute } from './models-route.js';
import {
  CHAT_COMPLETIONS_DIALECT,
  COMPLETIONS_DIALECT,
  type OpenAiDialect,
  RESPONSES_DIALECT,
} from './openai-dialect.js';
import { createOpenAiErrorResponse } from './openai-error-envelope.js';
import type { RunOpenAiTask } from './run-openai-task.js';

/**
 * The OpenAI-compatible routes under `/v1`: `chat/completions`, `completions`, `responses` and `models`.
 * Every request is converted to a native task and run by `runTask`; nothing here talks to an engine.
 */
export function createOpenAiRoutes(deps: AppDeps, runTask: RunOpenAiTask): Hono {
  const app = new Hono();
  const handle = (dialect: OpenAiDialect) => async (c: Context) => {
    deps.metrics.apiRequests.inc({ api: 'openai', route: dialect.name });
    try {
      if (deps.lifecycle.shuttingDown)
        throw new TaskError('shutting_down', 'The orchestrator is shutting down.');
      const body = await readRequestBody(c.req.raw, deps.config.server.body_limit_bytes);
      const converted = dialect.convertRequest(body);
      const fields: Record<string, unknown> = {
        api: 'openai',
        route: dialect.name,
        model: converted.task.model,
        stream: converted.stream,
      };
      if (converted.task.task_id !== undefined) fields.task_id = converted.task.task_id;
      if (converted.clientUser !== undefined) fields.client_user = converted.clientUser;
      deps.logger.info('openai request', fields);
      const response = await runTask({ dialect, converted, request: c.req.raw, env: c.env });
      const taskId = response.headers.get('x-task-id');
      if (taskId !== null)
        deps.logger.info('openai answer', {
          api: 'openai',
          route: dialect.name,
          task_id: taskId,
          status: response.status,
        });
      return response;
    } catch (error) {
      const failure = toTaskError(error);
      deps.logger.info('openai request refused', {
        api: 'openai',
        route: dialect.name,
        code: failure.code,
        error: failure.message,
      });
      return createOpenAiErrorResponse(failure);
    }
  };
  app.post('/chat/completions', handle(CHAT_COMPLETIONS_DIALECT));
  app.post('/completions', handle(COMPLETIONS_DIALECT));
  app.post('/responses', handle(RESPONSES_DIALECT));
  app.route('/models', createModelsRoute(deps));
  return app;
}
