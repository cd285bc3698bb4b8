import { isTaskError, silentLogger, type Task, type TokenEstimate } from '@orch/adapter-api';
import {
  createCachedRead,
  createEngineAdapter,
  createEngineClient,
  createErrorBodyParser,
  createTokenizerEstimate,
  type EngineAdapter,
  type EngineAdapterSettings,
  type EngineFacts,
  estimateTokensHeuristically,
  type HealthInterpreter,
  warnDroppedFields,
} from '@orch/adapter-utils';
import { classifyTgiFailure } from './classify-tgi-failure.js';
import { convertToTgiRequest } from './convert-to-tgi-request.js';
import { createTgiTranslator } from './create-tgi-translator.js';
import { openTgiStream } from './open-tgi-stream.js';
import { readTgiMetrics } from './read-tgi-metrics.js';
import { readTgiInfo, toTgiProperties } from './read-tgi-properties.js';
import { createTgiPromptResolver, type TgiChatTemplateFallback } from './resolve-tgi-prompt.js';
import { type TgiInfo, tgiErrorBodySchema, tgiTokenizeResponseSchema } from './tgi-api-types.js';
import type { TgiEngineMetrics } from './tgi-engine-metrics.js';

/** Settings of {@link createTgiAdapter}. */
export interface TgiAdapterSettings extends EngineAdapterSettings {
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
}

/** The TGI adapter: a `WorkerAdapter` plus a reader of the router's Prometheus metrics. */
export interface TgiAdapter extends EngineAdapter {
  /** Reads `/metrics` (specs/engines/tgi.md B.6): queue size, batch size, request counters. */
  readEngineMetrics(): Promise<TgiEngineMetrics>;
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

function toEngineFacts(info: TgiInfo): EngineFacts {
  return { engine_version: info.version, ...(info.model_sha ? { model_digest: info.model_sha } : {}) };
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
  const timeouts = {
    idleTimeoutMs: settings.idleTimeoutMs ?? 45_000,
    firstEventTimeoutMs: settings.firstEventTimeoutMs ?? 60_000,
  };
  const client = createEngineClient({
    engine: 'tgi',
    baseUrl: settings.baseUrl,
    headersTimeoutMs: settings.headersTimeoutMs ?? 60_000,
    parseErrorBody: parseTgiErrorBody,
    classifyFailure: classifyTgiFailure,
    apiKey: settings.apiKey,
  });
  const resolvePrompt = createTgiPromptResolver({
    client,
    fallback: settings.chatTemplateFallback ?? 'transcript',
    timeoutMs: requestTimeoutMs,
    logger,
  });
  const readMetrics = () => readTgiMetrics(client, requestTimeoutMs);

  async function countPromptTokens(task: Task): Promise<TokenEstimate> {
    const prompt = await resolvePrompt(task);
    if (prompt.tokenCount !== undefined) return createTokenizerEstimate(prompt.tokenCount, task.max_tokens);
    try {
      // The same tokenisation `/generate_stream` applies (special tokens added), so it matches input_length.
      const tokens = await client.requestJson(tgiTokenizeResponseSchema, {
        path: '/tokenize',
        body: { inputs: prompt.inputs },
        timeoutMs: requestTimeoutMs,
        what: '/tokenize answer',
      });
      return createTokenizerEstimate(tokens.length, task.max_tokens);
    } catch (error) {
      // Routers without a fast tokenizer answer 404 here; count heuristically rather than fail admission.
      if (!isTaskError(error) || error.context.status !== 404) throw error;
      logger.debug('TGI has no /tokenize for this model: heuristic token estimate', {
        task_id: task.task_id,
      });
      return estimateTokensHeuristically(prompt.inputs, task.max_tokens);
    }
  }

  return createEngineAdapter(
    {
      engine: 'tgi',
      model: settings.model,
      client,
      logger,
      health: { path: '/health', timeoutMs: settings.healthTimeoutMs ?? 2000, interpret: interpretTgiHealth },
      // From `/info`, refreshed by every properties read.
      engineFacts: createCachedRead((signal) =>
        readTgiInfo(client, requestTimeoutMs, signal).then(toEngineFacts),
      ),
      async readProperties() {
        const info = await readTgiInfo(client, requestTimeoutMs);
        return { properties: toTgiProperties(info), engineFacts: toEngineFacts(info) };
      },
      estimateTokens: countPromptTokens,
      load: {
        readMetrics,
        toLoad: (metrics) => ({ running: metrics.batch_current_size, waiting: metrics.queue_size }),
      },
      stream: {
        framing: 'sse',
        idleTimeoutMs: timeouts.idleTimeoutMs,
        async open(task, signal) {
          const prompt = await resolvePrompt(task, signal);
          const { body, droppedFields, ignoredForGreedy } = convertToTgiRequest(task, prompt.inputs, {
            templated: prompt.templated,
          });
          warnDroppedFields(logger, 'TGI adapter drops task fields it cannot send', task, droppedFields);
          if (ignoredForGreedy.length > 0) {
            logger.debug('TGI adapter leaves sampling fields out of a greedy (temperature 0) task', {
              task_id: task.task_id,
              fields: ignoredForGreedy,
            });
          }
          return openTgiStream(client, body, timeouts, signal);
        },
        createTranslator: (task) => createTgiTranslator(client, task.stop ?? []),
      },
    },
    { readEngineMetrics: readMetrics },
  );
}
