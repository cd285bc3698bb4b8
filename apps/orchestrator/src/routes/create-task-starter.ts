import { type StreamEvent, TaskError, toTaskError } from '@orch/adapter-api';
import type { Context } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { CollectingTaskClient } from '../http/collecting-task-client.js';
import { startTaskAnswer } from '../http/start-task-answer.js';
import type { ClientLimits } from '../scheduling/client-limits.js';
import { createLocalClientLimits } from '../scheduling/create-local-client-limits.js';
import { checkModelScope } from '../security/check-model-scope.js';
import { identifyClient } from '../security/client-identity.js';
import { redactTaskError } from '../security/redact-engine-addresses.js';
import type { AnswerCollector } from '../tasks/answer-collector.js';
import { checkContextFit } from '../tasks/check-context-fit.js';
import { checkDeterminismSupport } from '../tasks/check-determinism-support.js';
import { checkStructuredOutputSupport } from '../tasks/check-structured-output-support.js';
import { compileResponseFormat, type SchemaLimits } from '../tasks/compile-response-format.js';
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

/** The refusal of a model no pool serves; the served models are listed only where the config allows it. */
function unknownModel(model: string, served: readonly string[], listServed: boolean): TaskError {
  const list = listServed ? ` (served: ${served.join(', ')})` : '';
  return new TaskError('unknown_model', `No pool serves model "${model}"${list}.`);
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
  const { server } = deps.config;
  const poolsByModel = new Map(deps.pools.map((pool) => [pool.config.model, pool]));
  const servedModels = [...poolsByModel.keys()];
  const listServedModels = server.unknown_model_lists_models ?? deps.apiKeys.length === 0;
  const clientLimits =
    deps.clientLimits ?? createLocalClientLimits(server.max_streams_per_client, server.rate_limits);
  const schemaLimits: SchemaLimits = {
    maxSchemaBytes: server.structured_output.max_schema_bytes,
    maxSchemaNodes: server.structured_output.max_schema_nodes,
  };

  const countRefusal = (failure: TaskError, run: TaskRun | undefined) => {
    // The log line keeps the addresses the client's copy no longer has.
    deps.metrics.tasksRejected.inc({ pool_id: run?.poolId ?? '', code: failure.code });
    (run?.logger ?? deps.logger).info('task refused before streaming', {
      code: failure.code,
      error: failure.message,
    });
  };

  // The order is the defence (ORCH-SEC-010): who, which model, which limits, and only then any schema work.
  const createRun = async (c: Context, request: TaskRequest, api: TaskApi): Promise<TaskRun> => {
    if (deps.lifecycle.shuttingDown)
      throw new TaskError('shutting_down', 'The orchestrator is shutting down.');
    const client = identifyClient(c);
    checkModelScope(client, request.model);
    const pool = poolsByModel.get(request.model);
    if (pool === undefined) throw unknownModel(request.model, servedModels, listServedModels);
    const task = createTask(request, pool.config, { maxPromptChars: server.max_prompt_chars });
    checkDeterminismSupport(task, pool);
    checkStructuredOutputSupport(task, pool);
    const releaseStream = await clientLimits.admit(client.owner);
    let run: TaskRun;
    try {
      if (task.response_format !== undefined) compileResponseFormat(task.response_format, schemaLimits);
      run = new TaskRun(task, pool, deps, api, client.owner);
    } catch (error) {
      releaseStream();
      throw error;
    }
    run.onClose(releaseStream);
    // Tokens per minute are charged from the task's `end` (ORCH-CLU-061).
    if (deps.config.server.rate_limits?.tokens_per_minute)
      run.onClose(() => chargeTokens(clientLimits, client.owner, run.terminal));
    return run;
  };

  return async (c: Context, request: TaskRequest, options: TaskStartOptions): Promise<Response> => {
    let run: TaskRun;
    try {
      run = await createRun(c, request, options.api);
    } catch (error) {
      const failure = toTaskError(error);
      countRefusal(failure, undefined);
      return options.refuse(redactTaskError(failure));
    }
    const { dialect, collector } = options.plan(run);
    const refuse = (failure: TaskError) => {
      // A task its client cancelled (or left) before it started has counted itself as abandoned.
      if (failure.code !== 'cancelled') countRefusal(failure, run);
      return dialect.refuse(redactTaskError(failure));
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
      const fitStartedAt = performance.now();
      await checkContextFit(run.task, run.pool, run.logger);
      run.addEngineWaitBeforeAdmission(performance.now() - fitStartedAt);
      // Only a client's own id can run elsewhere: one the orchestrator generated (a random UUID) does not wait.
      if (request.task_id !== undefined) await run.confirmUniqueId();
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
