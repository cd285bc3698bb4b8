import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { TaskError, toTaskError } from '@orch/adapter-api';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { holdPoolEngine, type PoolEngineHold } from '../engines/hold-pool-engine.js';
import { presentedApiKey } from '../http/api-key-auth.js';
import { createErrorResponse } from '../http/error-response.js';
import { readRequestBody } from '../http/read-request-body.js';
import type { Pool } from '../pools/pool.js';
import { ClientStreamLimiter } from '../scheduling/client-stream-limiter.js';
import { checkContextFit } from '../tasks/check-context-fit.js';
import { checkDeterminismSupport } from '../tasks/check-determinism-support.js';
import { checkStructuredOutputSupport } from '../tasks/check-structured-output-support.js';
import { createTask } from '../tasks/create-task.js';
import { createTaskEventStream } from '../tasks/create-task-event-stream.js';
import { type OpenedTaskStream, openTaskStream } from '../tasks/open-task-stream.js';
import { parseTaskRequest } from '../tasks/parse-task-request.js';
import { TaskSession } from '../tasks/task-session.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

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
  const admitRequest = async (c: Context): Promise<TaskSession> => {
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
    let session: TaskSession;
    try {
      session = new TaskSession(task, pool, deps);
    } catch (error) {
      releaseStream();
      throw error;
    }
    session.onClose(releaseStream);
    return session;
  };

  app.post('/', async (c) => {
    let session: TaskSession;
    try {
      session = await admitRequest(c);
    } catch (error) {
      return refuse(error, undefined);
    }
    const onClientGone = () => session.abort(new TaskError('cancelled', 'The client closed the connection.'));
    c.req.raw.signal.addEventListener('abort', onClientGone, { once: true });
    const headers = { ...SSE_HEADERS, 'x-task-id': session.taskId };
    try {
      await checkContextFit(session.task, session.pool, session.logger);
      const position = admit(session, session.pool);
      session.logger.info('task admitted', {
        priority: session.task.priority,
        max_tokens: session.task.max_tokens,
        queue_position: position,
      });
      // A managed engine may have to load first (lazy start, swap): then the stream opens at once and says so.
      const engineHold = holdPoolEngine(session);
      if (position === 0 && engineHold?.loading !== true) {
        await engineHold?.ready;
        const opened = await openTaskStream(session);
        const body = createTaskEventStream(session, Promise.resolve(opened), {
          keepaliveMs: deps.config.server.keepalive_ms,
        });
        return new Response(body, { status: 200, headers });
      }
      // A queued task gets its stream at once: keep-alives while it waits, then its events.
      const body = createTaskEventStream(session, waitThenOpen(session, engineHold), {
        keepaliveMs: deps.config.server.keepalive_ms,
        initialComment:
          position > 0
            ? `queued position=${position} predicted_start_ms=${session.predictedStartMs}`
            : engineHold?.comment,
      });
      return new Response(body, { status: 200, headers });
    } catch (error) {
      session.close();
      return refuse(error, session);
    } finally {
      c.req.raw.signal.removeEventListener('abort', onClientGone);
    }
  });

  /** Takes a slot at once (position 0) or a place in the queue; throws queue_full or no_ready_replica. */
  const admit = (session: TaskSession, pool: Pool): number => {
    if (pool.capacity === 0)
      throw new TaskError('no_ready_replica', `No replica of pool "${pool.id}" is ready.`);
    const queueTimeout = new AbortController();
    const timer = setTimeout(
      () =>
        queueTimeout.abort(
          new TaskError(
            'queue_timeout',
            `The task waited ${pool.config.queue.timeout_ms} ms for a free slot.`,
          ),
        ),
      pool.config.queue.timeout_ms,
    );
    // The session's abort reaches the queue signal through one listener (same reason), removed once the wait
    // is over: `AbortSignal.any` costs about 3 KiB of heap per task on Node 20.
    const onSessionAbort = () => queueTimeout.abort(session.signal.reason);
    if (session.signal.aborted) onSessionAbort();
    else session.signal.addEventListener('abort', onSessionAbort, { once: true });
    const stopWaiting = () => {
      clearTimeout(timer);
      session.signal.removeEventListener('abort', onSessionAbort);
    };
    let admission: ReturnType<Pool['queue']['admit']>;
    try {
      admission = pool.queue.admit(session.task.priority, queueTimeout.signal);
    } catch (error) {
      stopWaiting();
      throw error;
    }
    session.queuePosition = admission.position;
    if (admission.position > 0) session.predictedStartMs = pool.predictWaitMs(admission.position);
    pending.set(session, admission.granted.finally(stopWaiting));
    if (admission.position === 0) session.holdSlot();
    else deps.metrics.queueDepth.set({ pool_id: pool.id }, pool.queue.waiting);
    return admission.position;
  };

  const pending = new WeakMap<TaskSession, Promise<void>>();

  const waitThenOpen = async (
    session: TaskSession,
    engineHold?: PoolEngineHold,
  ): Promise<OpenedTaskStream> => {
    const queuedAt = performance.now();
    try {
      await pending.get(session);
      await engineHold?.ready;
    } catch (error) {
      deps.metrics.queueDepth.set({ pool_id: session.poolId }, session.pool.queue.waiting);
      throw toTaskError(error);
    }
    session.queuedMs = performance.now() - queuedAt;
    session.holdSlot();
    return openTaskStream(session);
  };

  const refuse = (error: unknown, session: TaskSession | undefined): Response => {
    const failure = toTaskError(error);
    deps.metrics.tasksRejected.inc({ pool_id: session?.poolId ?? '', code: failure.code });
    (session?.logger ?? deps.logger).info('task refused before streaming', {
      code: failure.code,
      error: failure.message,
    });
    return createErrorResponse(failure, session?.taskId);
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
