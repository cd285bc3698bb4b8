import { TaskError, toTaskError } from '@orch/adapter-api';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { readRequestBody } from '../http/read-request-body.js';
import type { createTaskStarter, TaskStartOptions } from '../routes/create-task-starter.js';
import { recordBodyReadFailure } from '../routes/record-body-read-failure.js';
import type { TaskRun } from '../tasks/task-run.js';
import type { ConvertedOpenAiRequest } from './converted-openai-request.js';
import { createModelsRoute } from './models-route.js';
import type { OpenAiAnswerContext } from './openai-answer-context.js';
import {
  CHAT_COMPLETIONS_DIALECT,
  COMPLETIONS_DIALECT,
  type OpenAiDialect,
  RESPONSES_DIALECT,
} from './openai-dialect.js';
import { createOpenAiErrorResponse } from './openai-error-envelope.js';
import { OpenAiTaskDialect } from './openai-task-dialect.js';
import { findNativeField } from './validate-converted-request.js';

/** The refusal of a converted request: the client's field named, and whether the orchestrator already retried. */
function refuseConverted(converted: ConvertedOpenAiRequest, run: TaskRun | undefined) {
  return (failure: TaskError): Response => {
    const field =
      failure.code === 'unknown_model'
        ? 'model'
        : failure.code === 'invalid_request'
          ? findNativeField(failure.message)
          : undefined;
    // A schema refusal names the client's own field, as its other refusals do.
    const param = field === undefined ? undefined : converted.paramOf(field);
    const named =
      field === 'response_format.schema' && param !== undefined
        ? new TaskError(failure.code, failure.message.replace(field, param))
        : failure;
    const answer = createOpenAiErrorResponse(named, {
      retriedByOrchestrator: run !== undefined && run.attempts > 1,
      ...(param === undefined ? {} : { param }),
    });
    if (run !== undefined) answer.headers.set('x-task-id', run.taskId);
    return answer;
  };
}

/** How one converted request is answered: its dialect's encoder (streamed) or collector (one JSON answer). */
function openAiStartOptions(dialect: OpenAiDialect, converted: ConvertedOpenAiRequest): TaskStartOptions {
  return {
    api: 'openai',
    refuse: refuseConverted(converted, undefined),
    plan(run) {
      const context: OpenAiAnswerContext = {
        taskId: run.taskId,
        model: converted.task.model,
        created: Math.floor(Date.now() / 1000),
        includeUsage: converted.includeUsage,
        isRetriedByOrchestrator: () => run.attempts > 1,
      };
      const refuse = refuseConverted(converted, run);
      const taskDialect = new OpenAiTaskDialect(run.taskId, dialect.createEncoder(context), refuse);
      return converted.stream
        ? { dialect: taskDialect }
        : { dialect: taskDialect, collector: dialect.createCollector(context) };
    },
  };
}

/**
 * The OpenAI-compatible routes under `/v1`: `chat/completions`, `completions`, `responses` and `models`.
 * Every request is converted to a native task request and run by the same task pipeline as `/v1/tasks`
 * (`startTask`); nothing here talks to an engine.
 */
export function createOpenAiRoutes(deps: AppDeps, startTask: ReturnType<typeof createTaskStarter>): Hono {
  const app = new Hono();
  const handle = (dialect: OpenAiDialect) => async (c: Context) => {
    deps.metrics.apiRequests.inc({ api: 'openai', route: dialect.name });
    let converted: ConvertedOpenAiRequest;
    try {
      const body = await readRequestBody(c, deps.config.server.body_limit_bytes);
      converted = dialect.convertRequest(body);
    } catch (error) {
      const failure = toTaskError(error);
      recordBodyReadFailure(deps, failure, { api: 'openai', route: dialect.name });
      return createOpenAiErrorResponse(failure);
    }
    const fields: Record<string, unknown> = {
      api: 'openai',
      route: dialect.name,
      model: converted.task.model,
      stream: converted.stream,
    };
    if (converted.task.task_id !== undefined) fields.task_id = converted.task.task_id;
    if (converted.clientUser !== undefined) fields.client_user = converted.clientUser;
    deps.logger.info('openai request', fields);
    const response = await startTask(c, converted.task, openAiStartOptions(dialect, converted));
    const taskId = response.headers.get('x-task-id');
    if (taskId !== null) {
      deps.logger.info('openai answer', {
        api: 'openai',
        route: dialect.name,
        task_id: taskId,
        status: response.status,
      });
    }
    return response;
  };
  app.post('/chat/completions', handle(CHAT_COMPLETIONS_DIALECT));
  app.post('/completions', handle(COMPLETIONS_DIALECT));
  app.post('/responses', handle(RESPONSES_DIALECT));
  app.route('/models', createModelsRoute(deps));
  return app;
}
