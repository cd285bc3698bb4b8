import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { TaskError, toTaskError } from '@orch/adapter-api';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { presentedApiKey } from '../http/api-key-auth.js';
import { createErrorResponse } from '../http/error-response.js';
import { NativeTaskDialect } from '../http/native-task-dialect.js';
import { readRequestBody } from '../http/read-request-body.js';
import { startTaskAnswer } from '../http/start-task-answer.js';
import { ClientStreamLimiter } from '../scheduling/client-stream-limiter.js';
import { checkContextFit } from '../tasks/check-context-fit.js';
import { checkDeterminismSupport } from '../tasks/check-determinism-support.js';
import { checkStructuredOutputSupport } from '../tasks/check-structured-output-support.js';
import { createTask } from '../tasks/create-task.js';
import { parseTaskRequest } from '../tasks/parse-task-request.js';
import { TaskRun } from '../tasks/task-run.js';

/** Who a client is, for the per-client stream limit: its API key (hashed) or its address. */
function identifyClient(c: Context): string {
  const key = presentedApiKey(c.req.raw.headers);
  if (key !== undefined) return `key:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  try {
    return `ip:${getConnInfo(c).remote.address ?? 'unknown'}`;
  } catch {
    return 'ip:local';
  }
}

/** `POST /v1/tasks` (stream a task) and `POST /v1/tasks/{task_id}/cancel`. */
export function createTasksRoute(deps: AppDeps): Hono {
  const app = new Hono();
  const poolsByModel = new Map(deps.pools.map((pool) => [pool.config.model, pool]));
  const clientStreams = new ClientStreamLimiter(deps.config.server.max_streams_per_client);

  /** Everything checked before a task exists: lifecycle, body, model, limits. */
  const admitRequest = async (c: Context): Promise<TaskRun> => {
    if (deps.lifecycle.shuttingDown)
      throw new TaskError('shutting_down', 'The orchestrator is shutting down.');
    const body = await readRequestBody(c.req.raw, deps.config.server.body_limit_bytes);
    const request = parseTaskRequest(body);
    const pool = poolsByModel.get(request.model);
    if (pool === undefined) {
      const known = [...poolsByModel.keys()].join(', ');
      throw new TaskError('unknown_model', `No pool serves model "${request.model}" (served: ${known}).`);
    }
    const task = createTask(request, pool.config, { maxPromptChars: deps.config.server.max_prompt_chars });
    checkDeterminismSupport(task, pool);
    checkStructuredOutputSupport(task, pool);
    const releaseStream = clientStreams.acquire(identifyClient(c));
    let run: TaskRun;
    try {
      run = new TaskRun(task, pool, deps);
    } catch (error) {
      releaseStream();
      throw error;
    }
    run.onClose(releaseStream);
    return run;
  };

  app.post('/', async (c) => {
    let run: TaskRun;
    try {
      run = await admitRequest(c);
    } catch (error) {
      return refuse(error, undefined);
    }
    const dialect = new NativeTaskDialect(run.taskId);
    const answer = startTaskAnswer(c, run, dialect, deps.config.server.keepalive_ms);
    try {
      await checkContextFit(run.task, run.pool, run.logger);
      run.admit();
    } catch (error) {
      run.abort(toTaskError(error));
      return refuse(error, run);
    }
    const first = await run.firstAnswer;
    if (first.kind === 'refused') return refuse(first.error, run, dialect);
    return answer();
  });

  const refuse = (error: unknown, run: TaskRun | undefined, dialect?: NativeTaskDialect): Response => {
    const failure = toTaskError(error);
    deps.metrics.tasksRejected.inc({ pool_id: run?.poolId ?? '', code: failure.code });
    (run?.logger ?? deps.logger).info('task refused before streaming', {
      code: failure.code,
      error: failure.message,
    });
    return dialect === undefined ? createErrorResponse(failure, run?.taskId) : dialect.refuse(failure);
  };

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
