import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type StreamEvent, TaskError, toTaskError } from '@orch/adapter-api';
import type { Context } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { presentedApiKey } from '../http/api-key-auth.js';
import { CollectingTaskClient } from '../http/collecting-task-client.js';
import { startTaskAnswer } from '../http/start-task-answer.js';
import type { ClientLimits } from '../scheduling/client-limits.js';
import { createLocalClientLimits } from '../scheduling/create-local-client-limits.js';
import type { AnswerCollector } from '../tasks/answer-collector.js';
import { checkContextFit } from '../tasks/check-context-fit.js';
import { checkDeterminismSupport } from '../tasks/check-determinism-support.js';
import { checkStructuredOutputSupport } from '../tasks/check-structured-output-support.js';
import { createTask } from '../tasks/create-task.js';
import type { TaskDialect } from '../tasks/task-dialect.js';
import type { TaskRequest } from '../tasks/task-request-schema.js';
import { TaskRun } from '../tasks/task-run.js';

/** Which API a task came through, for its log lines (bounded values). */
export type TaskApi = 'native' | 'openai';

/** How one task is answered, decided once its id is known. */
export interface TaskAnswerPlan {
  /** The dialect of a streamed answer, and of refusals. */
  dialect: TaskDialect;
  /** Set for a non-streamed answer: the events are collected into one response. */
  collector?: AnswerCollector;
}

/** What a route tells the starter about its dialect. */
export interface TaskStartOptions {
  api: TaskApi;
  /** The answer of a task that exists (its id and run are known). */
  plan(run: TaskRun): TaskAnswerPlan;
  /** The refusal of a request that never became a task (shutting down, unknown model, limits). */
  refuse(error: TaskError): Response;
}

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

/** Charges the prompt and completion tokens of a task's `end` event to its client's minute. */
function chargeTokens(limits: ClientLimits, client: string, terminal: StreamEvent | undefined): void {
  if (terminal?.type !== 'end') return;
  limits.charge(client, (terminal.tokens_in ?? 0) + (terminal.tokens_out ?? 0));
}

/**
 * The one way a parsed request becomes a running task, whatever its dialect (`/v1/tasks`, the OpenAI routes):
 * the pool, the task's defaults and limits, the per-client stream limit, the context check and admission; then
 * the answer, streamed or collected. A failure before anything was streamed is the dialect's refusal.
 */
export function createTaskStarter(deps: AppDeps) {
  const poolsByModel = new Map(deps.pools.map((pool) => [pool.config.model, pool]));
  const clientLimits =
    deps.clientLimits ??
    createLocalClientLimits(deps.config.server.max_streams_per_client, deps.config.server.rate_limits);

  const countRefusal = (failure: TaskError, run: TaskRun | undefined) => {
    deps.metrics.tasksRejected.inc({ pool_id: run?.poolId ?? '', code: failure.code });
    (run?.logger ?? deps.logger).info('task refused before streaming', {
      code: failure.code,
      error: failure.message,
    });
  };

  const createRun = async (c: Context, request: TaskRequest, api: TaskApi): Promise<TaskRun> => {
    if (deps.lifecycle.shuttingDown)
      throw new TaskError('shutting_down', 'The orchestrator is shutting down.');
    const pool = poolsByModel.get(request.model);
    if (pool === undefined) {
      const known = [...poolsByModel.keys()].join(', ');
      throw new TaskError('unknown_model', `No pool serves model "${request.model}" (served: ${known}).`);
    }
    const task = createTask(request, pool.config, { maxPromptChars: deps.config.server.max_prompt_chars });
    checkDeterminismSupport(task, pool);
    checkStructuredOutputSupport(task, pool);
    const client = identifyClient(c);
    const releaseStream = await clientLimits.admit(client);
    let run: TaskRun;
    try {
      run = new TaskRun(task, pool, deps, api);
    } catch (error) {
      releaseStream();
      throw error;
    }
    run.onClose(releaseStream);
    // Tokens per minute are charged from the task's `end` (ORCH-CLU-061).
    if (deps.config.server.rate_limits?.tokens_per_minute)
      run.onClose(() => chargeTokens(clientLimits, client, run.terminal));
    return run;
  };

  return async (c: Context, request: TaskRequest, options: TaskStartOptions): Promise<Response> => {
    let run: TaskRun;
    try {
      run = await createRun(c, request, options.api);
    } catch (error) {
      const failure = toTaskError(error);
      countRefusal(failure, undefined);
      return options.refuse(failure);
    }
    const { dialect, collector } = options.plan(run);
    const refuse = (failure: TaskError) => {
      countRefusal(failure, run);
      return dialect.refuse(failure);
    };
    let answer: () => Response | Promise<Response>;
    if (collector === undefined) {
      answer = startTaskAnswer(c, run, dialect, deps.config.server.keepalive_ms);
    } else {
      const client = new CollectingTaskClient(collector, { 'x-task-id': run.taskId }, refuse);
      run.attach(client);
      // A non-streamed answer is never written before the end: a client that leaves cancels the task.
      const signal = c.req.raw.signal;
      const onAbort = () => run.clientGone();
      signal.addEventListener('abort', onAbort, { once: true });
      run.onClose(() => signal.removeEventListener('abort', onAbort));
      answer = () => client.answer;
    }
    try {
      await checkContextFit(run.task, run.pool, run.logger);
      run.admit();
    } catch (error) {
      const failure = toTaskError(error);
      run.abort(failure);
      return refuse(failure);
    }
    const first = await run.firstAnswer;
    if (first.kind === 'refused') return refuse(first.error);
    return answer();
  };
}
