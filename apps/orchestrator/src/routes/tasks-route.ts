import { TaskError, toTaskError } from '@orch/adapter-api';
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { createErrorResponse } from '../http/error-response.js';
import { readRequestBody } from '../http/read-request-body.js';
import { createTask } from '../tasks/create-task.js';
import { createTaskEventStream } from '../tasks/create-task-event-stream.js';
import { openTaskStream } from '../tasks/open-task-stream.js';
import { parseTaskRequest } from '../tasks/parse-task-request.js';
import { TaskSession } from '../tasks/task-session.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/** `POST /v1/tasks` (stream a task) and `POST /v1/tasks/{task_id}/cancel`. */
export function createTasksRoute(deps: AppDeps): Hono {
  const app = new Hono();
  const poolsByModel = new Map(deps.pools.map((pool) => [pool.config.model, pool]));

  app.post('/', async (c) => {
    let session: TaskSession;
    let poolId = '';
    try {
      if (deps.lifecycle.shuttingDown)
        throw new TaskError('shutting_down', 'The orchestrator is shutting down.');
      const body = await readRequestBody(c.req.raw, deps.config.server.body_limit_bytes);
      const request = parseTaskRequest(body);
      const pool = poolsByModel.get(request.model);
      if (pool === undefined) {
        const known = [...poolsByModel.keys()].join(', ');
        throw new TaskError('unknown_model', `No pool serves model "${request.model}" (served: ${known}).`);
      }
      poolId = pool.config.id;
      const task = createTask(request, pool.config, { maxPromptChars: deps.config.server.max_prompt_chars });
      session = new TaskSession(task, pool, deps);
    } catch (error) {
      const failure = toTaskError(error);
      deps.metrics.tasksRejected.inc({ pool_id: poolId, code: failure.code });
      deps.logger.info('task refused', { code: failure.code, error: failure.message });
      return createErrorResponse(failure);
    }
    const onClientGone = () => session.abort(new TaskError('cancelled', 'The client closed the connection.'));
    c.req.raw.signal.addEventListener('abort', onClientGone, { once: true });
    session.logger.info('task admitted', {
      priority: session.task.priority,
      max_tokens: session.task.max_tokens,
    });
    try {
      const opened = await openTaskStream(session);
      const headers = { ...SSE_HEADERS, 'x-task-id': session.taskId };
      return new Response(createTaskEventStream(session, opened), { status: 200, headers });
    } catch (error) {
      const failure = toTaskError(error);
      session.close();
      deps.metrics.tasksRejected.inc({ pool_id: poolId, code: failure.code });
      session.logger.warn('task failed before streaming', { code: failure.code, error: failure.message });
      return createErrorResponse(failure, session.taskId);
    } finally {
      c.req.raw.signal.removeEventListener('abort', onClientGone);
    }
  });

  app.post('/:taskId/cancel', (c) => {
    const taskId = c.req.param('taskId');
    if (!deps.registry.cancel(taskId)) {
      return createErrorResponse(
        new TaskError('task_not_found', `No running task has id "${taskId}".`),
        taskId,
      );
    }
    deps.logger.info('task cancel requested', { task_id: taskId });
    return c.json({ task_id: taskId, cancelled: true }, 202);
  });

  return app;
}
