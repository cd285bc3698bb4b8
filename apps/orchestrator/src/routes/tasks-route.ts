import { TaskError, toTaskError } from '@orch/adapter-api';
import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { createErrorResponse } from '../http/error-response.js';
import { NativeTaskDialect } from '../http/native-task-dialect.js';
import { readRequestBody } from '../http/read-request-body.js';
import { identifyClient } from '../security/client-identity.js';
import { parseTaskRequest } from '../tasks/parse-task-request.js';
import type { TaskRequest } from '../tasks/task-request-schema.js';
import { createTaskStarter, type TaskStartOptions } from './create-task-starter.js';
import { recordBodyReadFailure } from './record-body-read-failure.js';

/** `POST /v1/tasks` (stream a task) and `POST /v1/tasks/{task_id}/cancel`. */
export function createTasksRoute(deps: AppDeps, startTask = createTaskStarter(deps)): Hono {
  const app = new Hono();
  const options: TaskStartOptions = {
    api: 'native',
    plan: (run) => ({ dialect: new NativeTaskDialect(run.taskId) }),
    refuse: (error) => createErrorResponse(error),
  };

  app.post('/', async (c) => {
    let request: TaskRequest;
    try {
      const body = await readRequestBody(c, deps.config.server.body_limit_bytes);
      request = parseTaskRequest(body);
    } catch (error) {
      const failure = toTaskError(error);
      recordBodyReadFailure(deps, failure);
      return createErrorResponse(failure);
    }
    return startTask(c, request, options);
  });

  // Only the task's owner reaches it; anyone else hears what an unknown id answers (ORCH-SEC-004).
  app.post('/:taskId/cancel', async (c) => {
    const taskId = c.req.param('taskId');
    const { owner } = identifyClient(c);
    let cancelled = deps.registry.cancel(taskId, owner);
    // A fleet: the owner's task may stream on another instance (ORCH-CLU-020).
    if (!cancelled && deps.cluster !== undefined) {
      try {
        cancelled = await deps.cluster.cancelElsewhere(taskId, owner);
      } catch (error) {
        return createErrorResponse(toTaskError(error), taskId);
      }
    }
    if (!cancelled) {
      return createErrorResponse(
        new TaskError('task_not_found', `No running task has id "${taskId}".`),
        taskId,
      );
    }
    deps.logger.info('task cancel requested', { task_id: taskId, owner });
    return c.json({ task_id: taskId, cancelled: true }, 202);
  });

  return app;
}
