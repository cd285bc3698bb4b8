import {
  type AdapterHealth,
  type AdapterLogger,
  type AdapterProperties,
  isTaskError,
  type SubmitOptions,
  silentLogger,
  type Task,
  TaskError,
  type TaskStream,
  type TokenEstimate,
  type WorkerAdapter,
} from '@orch/adapter-api';
import {
  createCachedRead,
  createEngineClient,
  createErrorBodyParser,
  createTaskRegistry,
  type EngineClient,
  estimateTokensHeuristically,
  type HealthInterpreter,
  type OpenedEngineStream,
  readEngineLoad,
  runEngineStream,
} from '@orch/adapter-utils';
import { classifyTgiFailure, mapTgiStreamError } from './classify-tgi-failure.js';
import { convertToTgiRequest, resolveTgiSeed } from './convert-to-tgi-request.js';
import { createTgiTranslator } from './create-tgi-translator.js';
import { peekFirstSseMessage } from './peek-first-sse-message.js';
import { readTgiMetrics } from './read-tgi-metrics.js';
import { readTgiInfo, toTgiProperties } from './read-tgi-properties.js';
import { createTgiPromptResolver, type TgiChatTemplateFallback } from './resolve-tgi-prompt.js';
import {
  type TgiGenerateRequest,
  type TgiInfo,
  tgiErrorBodySchema,
  tgiStreamEventSchema,
  tgiTokenizeResponseSchema,
} from './tgi-api-types.js';
import type { TgiEngineMetrics } from './tgi-engine-metrics.js';

/** Settings of {@link createTgiAdapter}. */
export interface TgiAdapterSettings {
  /** Base URL of the TGI router, e.g. `http://127.0.0.1:3000` (a path prefix behind a proxy is kept). */
  baseUrl: string;
  /** Model name reported in `started` (the pool's model name); `/info` `model_id` is in `properties`. */
  model: string;
  /** Sent as `Authorization: Bearer …` (e.g. behind a gateway or on Inference Endpoints); never logged. */
  apiKey?: string;
  /** Milliseconds until `/generate_stream` answers with headers (TGI sends them at once). Default 60 000. */
  headersTimeoutMs?: number;
  /**
   * Milliseconds from the headers to the first event (queueing and prefill): `ttft_timeout`. Default 60 000.
   * Keep-alive comments count as bytes, so a live but slow prefill is not cut by `idleTimeoutMs`.
   */
  firstEventTimeoutMs?: number;
  /**
   * Longest silence between stream bytes (`idle_timeout`). TGI writes axum's keep-alive comments (about every
   * 15 s, specs/engines/tgi.md B.1), which count as bytes. Default 45 000.
   */
  idleTimeoutMs?: number;
  /** Milliseconds for `/info`, `/tokenize`, `/chat_tokenize` and `/metrics`. Default 10 000. */
  requestTimeoutMs?: number;
  /** Milliseconds for the `/health` probe. Default 2000. */
  healthTimeoutMs?: number;
  /** What to do with chat `messages` when the router has no `/chat_tokenize`. Default `transcript`. */
  chatTemplateFallback?: TgiChatTemplateFallback;
  /** Where dropped fields and diagnostics go. Never receives the API key. */
  logger?: AdapterLogger;
  /** The fetch to use; default the global fetch. */
  fetch?: typeof fetch;
}

/** The TGI adapter: a {@link WorkerAdapter} plus a reader of the router's Prometheus metrics. */
export interface TgiAdapter extends WorkerAdapter {
  /** Reads `/metrics` (specs/engines/tgi.md B.6): queue size, batch size, request counters. */
  readEngineMetrics(): Promise<TgiEngineMetrics>;
  /** Number of tasks streaming now. */
  readonly activeTasks: number;
}

const parseTgiErrorBody = createErrorBodyParser(tgiErrorBodySchema, (body) => ({
  message: body.error,
  ...(body.error_type === undefined ? {} : { engineCode: body.error_type }),
}));

/**
 * `/health` (specs/engines/tgi.md B.4): 200 → ready. A 503 (`error_type: healthcheck`) means the shards failed their health probe,
 * so it is `unhealthy`, not `loading`: a loading TGI does not listen at all (its port is closed → `down`).
 */
const interpretTgiHealth: HealthInterpreter = ({ status, bodyText }) => {
  if (status >= 200 && status <= 299) return { state: 'ready' };
  const said = parseTgiErrorBody(bodyText)?.message;
  return { state: 'unhealthy', detail: `HTTP ${status}${said === undefined ? '' : `: ${said}`}` };
};

function cancelledBeforeStart(client: EngineClient, cause?: unknown): TaskError {
  return new TaskError('cancelled', 'The task was cancelled before it started.', {
    context: { engine: client.engine, replica: client.replica },
    cause,
  });
}

/**
 * Creates an adapter for one TGI router over its native API (OC-ADAPT-5040, 5050): streaming
 * `/generate_stream` (chat turns templated by `/chat_tokenize`), cancel by closing the request (the router
 * then drops the request from its batch, specs/engines/tgi.md B.7), health from `/health`, properties from `/info`, token
 * estimates from `/tokenize`, and router metrics from `/metrics`.
 */
export function createTgiAdapter(settings: TgiAdapterSettings): TgiAdapter {
  const logger = settings.logger ?? silentLogger;
  const requestTimeoutMs = settings.requestTimeoutMs ?? 10_000;
  const idleTimeoutMs = settings.idleTimeoutMs ?? 45_000;
  const firstEventTimeoutMs = settings.firstEventTimeoutMs ?? 60_000;
  const registry = createTaskRegistry();
  const client = createEngineClient({
    engine: 'tgi',
    baseUrl: settings.baseUrl,
    headersTimeoutMs: settings.headersTimeoutMs ?? 60_000,
    parseErrorBody: parseTgiErrorBody,
    classifyFailure: classifyTgiFailure,
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
  });
  const resolvePrompt = createTgiPromptResolver({
    client,
    fallback: settings.chatTemplateFallback ?? 'transcript',
    timeoutMs: requestTimeoutMs,
    logger,
  });
  // `/info`, refreshed by every properties read.
  const tgiInfo = createCachedRead((signal) => readTgiInfo(client, requestTimeoutMs, signal));

  // TGI reports validation and overload errors as the first event of a 200 stream (specs/engines/tgi.md B.2): peek at it, so that
  // a task the router did not accept is rejected before `started`, as the contract asks.
  async function openStream(body: TgiGenerateRequest, signal: AbortSignal): Promise<OpenedEngineStream> {
    const response = await client.request({ path: '/generate_stream', body, signal });
    if (response.body === null) return { body: null, abort: response.abort };
    try {
      const peeked = await peekFirstSseMessage(response.body, {
        firstByteTimeoutMs: firstEventTimeoutMs,
        idleTimeoutMs,
        abort: response.abort,
        engine: client.engine,
        replica: client.replica,
        secrets: client.secrets,
        cancelled: () => signal.aborted,
      });
      if (peeked.first === undefined) {
        throw new TaskError('stream_truncated', 'tgi closed /generate_stream before its first event', {
          context: response.context,
        });
      }
      const first = client.parseJson(tgiStreamEventSchema, peeked.first.data, '/generate_stream event');
      if (first.kind === 'error') throw mapTgiStreamError(client, first.error, peeked.first.data);
      return { body: peeked.body, abort: response.abort };
    } catch (error) {
      response.abort();
      if (signal.aborted) throw cancelledBeforeStart(client, error);
      throw error;
    }
  }

  function submit(task: Task, options: SubmitOptions = {}): TaskStream {
    return runEngineStream({
      task,
      options,
      engine: 'tgi',
      replica: client.replica,
      registry,
      framing: 'sse',
      idleTimeoutMs,
      logger,
      async startedFacts(signal) {
        const info = await tgiInfo.get(signal);
        return {
          engine: 'tgi',
          engine_version: info.version,
          seed: resolveTgiSeed(task),
          model: settings.model,
          ...(info.model_sha ? { model_digest: info.model_sha } : {}),
        };
      },
      async open(signal) {
        const prompt = await resolvePrompt(task, signal);
        const { body, droppedFields, ignoredForGreedy } = convertToTgiRequest(task, prompt.inputs, {
          templated: prompt.templated,
        });
        if (droppedFields.length > 0) {
          logger.warn('TGI adapter drops task fields it cannot send', {
            task_id: task.task_id,
            fields: droppedFields,
          });
        }
        if (ignoredForGreedy.length > 0) {
          logger.debug('TGI adapter leaves sampling fields out of a greedy (temperature 0) task', {
            task_id: task.task_id,
            fields: ignoredForGreedy,
          });
        }
        return openStream(body, signal);
      },
      createTranslator: () => createTgiTranslator(client, task.stop ?? []),
    });
  }

  async function countPromptTokens(task: Task): Promise<TokenEstimate> {
    const prompt = await resolvePrompt(task);
    if (prompt.tokenCount !== undefined) {
      return {
        prompt_tokens: prompt.tokenCount,
        total_tokens: prompt.tokenCount + task.max_tokens,
        method: 'tokenizer',
      };
    }
    try {
      // The same tokenisation `/generate_stream` applies (special tokens added), so it matches input_length.
      const tokens = await client.requestJson(tgiTokenizeResponseSchema, {
        path: '/tokenize',
        body: { inputs: prompt.inputs },
        timeoutMs: requestTimeoutMs,
        what: '/tokenize answer',
      });
      return {
        prompt_tokens: tokens.length,
        total_tokens: tokens.length + task.max_tokens,
        method: 'tokenizer',
      };
    } catch (error) {
      // Routers without a fast tokenizer answer 404 here; count heuristically rather than fail admission.
      if (!isTaskError(error) || error.context.status !== 404) throw error;
      logger.debug('TGI has no /tokenize for this model: heuristic token estimate', {
        task_id: task.task_id,
      });
      return estimateTokensHeuristically(prompt.inputs, task.max_tokens);
    }
  }

  return {
    engine: 'tgi',
    get activeTasks() {
      return registry.size;
    },
    submit,
    cancel: (taskId) => registry.cancel(taskId),
    health: (): Promise<AdapterHealth> =>
      client.probeHealth({
        path: '/health',
        timeoutMs: settings.healthTimeoutMs ?? 2000,
        interpret: interpretTgiHealth,
      }),
    async properties(): Promise<AdapterProperties> {
      const info = await readTgiInfo(client, requestTimeoutMs);
      tgiInfo.set(info);
      return toTgiProperties(info);
    },
    estimateTokens: countPromptTokens,
    readEngineMetrics: () => readTgiMetrics(client, requestTimeoutMs),
    readLoad: () =>
      readEngineLoad(
        () => readTgiMetrics(client, requestTimeoutMs),
        (metrics) => ({ running: metrics.batch_current_size, waiting: metrics.queue_size }),
      ),
    async close() {
      await registry.cancelAll();
    },
  };
}
