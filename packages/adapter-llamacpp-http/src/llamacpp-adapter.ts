import { excerptBody, silentLogger, type Task, type TokenEstimate } from '@orch/adapter-api';
import {
  createCachedRead,
  createEngineAdapter,
  createEngineClient,
  createErrorBodyParser,
  createTokenizerEstimate,
  type EngineAdapter,
  type EngineAdapterSettings,
  type EngineFacts,
  type HealthInterpreter,
  warnDroppedFields,
} from '@orch/adapter-utils';
import { convertToLlamaCppRequest, LLAMACPP_RANDOM_SEED } from './convert-to-llamacpp-request.js';
import { createLlamaCppTranslator } from './create-llamacpp-translator.js';
import {
  type LlamaCppProps,
  llamaCppErrorBodySchema,
  llamaCppTokenizeResponseSchema,
} from './llamacpp-api-types.js';
import type { LlamaCppEngineMetrics } from './llamacpp-engine-metrics.js';
import { readLlamaCppMetrics } from './read-llamacpp-metrics.js';
import { readLlamaCppProperties, readLlamaCppProps } from './read-llamacpp-properties.js';
import { type ChatTemplateFallback, createPromptResolver } from './resolve-llamacpp-prompt.js';

/** Settings of {@link createLlamaCppAdapter}. */
export interface LlamaCppAdapterSettings extends EngineAdapterSettings {
  /** Base URL of the llama-server, e.g. `http://127.0.0.1:8080` (a path prefix behind a proxy is kept). */
  baseUrl: string;
  /** The server's `--api-key`, sent as `Authorization: Bearer …`; never logged nor put in errors. */
  apiKey?: string;
  /**
   * Milliseconds until `/completion` answers with headers. llama-server sends them with the first result,
   * after prefill, so this bounds time to first token (`ttft_timeout`). Default 60 000.
   */
  headersTimeoutMs?: number;
  /**
   * Longest silence between stream bytes (`idle_timeout`). llama-server writes a `:` keep-alive every 30 s
   * by default (specs/engines/llamacpp.md D.1), so keep this above `--sse-ping-interval`. Default 45 000.
   */
  idleTimeoutMs?: number;
  /** Milliseconds for `/props`, `/slots`, `/tokenize`, `/apply-template` and `/metrics`. Default 10 000. */
  requestTimeoutMs?: number;
  /** Milliseconds for the `/health` probe. Default 2000. */
  healthTimeoutMs?: number;
  /**
   * `cache_prompt` sent with every completion. Default **false**: llama.cpp's own default (true) reuses KV
   * cache across requests, which its README warns "can cause nondeterministic results" (specs/engines/cross-engine.md E.6). Turn it on
   * for speed when byte-identical replays do not matter.
   */
  cachePrompt?: boolean;
  /** A `metrics` event every this many predicted tokens; 0 disables them. Default 16. */
  metricsEvery?: number;
  /** What to do with chat `messages` when the server has no `/apply-template`. Default `transcript`. */
  chatTemplateFallback?: ChatTemplateFallback;
}

/** The llama.cpp adapter: a `WorkerAdapter` plus a reader of the engine's Prometheus metrics. */
export interface LlamaCppAdapter extends EngineAdapter {
  /** Reads `/metrics` (OC-ADAPT-5001a); `{available: false}` when the server runs without `--metrics`. */
  readEngineMetrics(): Promise<LlamaCppEngineMetrics>;
}

const parseLlamaCppErrorBody = createErrorBodyParser(llamaCppErrorBodySchema, (body) => ({
  message: body.error.message,
  ...(body.error.type === undefined ? {} : { engineCode: body.error.type }),
  ...(body.error.code === undefined ? {} : { status: body.error.code }),
}));

function readErrorMessage(bodyText: string): string {
  return parseLlamaCppErrorBody(bodyText)?.message ?? excerptBody(bodyText, 200);
}

function toEngineFacts(props: LlamaCppProps): EngineFacts {
  return { engine_version: props.build_info };
}

/** `/health` (specs/engines/llamacpp.md D.4): 200 → ready, 503 → loading (the model is loading), anything else → unhealthy. */
const interpretLlamaCppHealth: HealthInterpreter = ({ status, bodyText }) => {
  if (status === 200) return { state: 'ready' };
  const detail = `HTTP ${status}: ${readErrorMessage(bodyText)}`;
  return { state: status === 503 ? 'loading' : 'unhealthy', detail };
};

/**
 * Creates an adapter for one llama-server replica over its native API (OC-ADAPT-5001): streaming
 * `/completion` (chat turns templated by `/apply-template`), cancel by closing the request (the server then
 * frees the slot, specs/engines/llamacpp.md D.7), health from `/health`, properties from `/props` and `/slots`, token estimates from
 * `/tokenize`, and engine metrics from `/metrics`.
 */
export function createLlamaCppAdapter(settings: LlamaCppAdapterSettings): LlamaCppAdapter {
  const logger = settings.logger ?? silentLogger;
  const requestTimeoutMs = settings.requestTimeoutMs ?? 10_000;
  const metricsEvery = settings.metricsEvery ?? 16;
  const client = createEngineClient({
    engine: 'llamacpp',
    baseUrl: settings.baseUrl,
    headersTimeoutMs: settings.headersTimeoutMs ?? 60_000,
    parseErrorBody: parseLlamaCppErrorBody,
    apiKey: settings.apiKey,
  });
  const resolvePrompt = createPromptResolver({
    client,
    fallback: settings.chatTemplateFallback ?? 'transcript',
    timeoutMs: requestTimeoutMs,
    logger,
  });
  const readMetrics = () => readLlamaCppMetrics(client, requestTimeoutMs);

  return createEngineAdapter(
    {
      engine: 'llamacpp',
      model: settings.model,
      client,
      logger,
      health: {
        path: '/health',
        timeoutMs: settings.healthTimeoutMs ?? 2000,
        interpret: interpretLlamaCppHealth,
      },
      // The build string, refreshed by every properties read.
      engineFacts: createCachedRead((signal) =>
        readLlamaCppProps(client, requestTimeoutMs, signal).then(toEngineFacts),
      ),
      async readProperties() {
        const { properties, props } = await readLlamaCppProperties(client, requestTimeoutMs, settings.model);
        return { properties, engineFacts: toEngineFacts(props) };
      },
      async estimateTokens(task: Task): Promise<TokenEstimate> {
        const prompt = await resolvePrompt(task);
        // Tokenised as /completion does it (special tokens added and parsed), so the count matches tokens_in.
        const answer = await client.requestJson(llamaCppTokenizeResponseSchema, {
          path: '/tokenize',
          body: { content: prompt, add_special: true, parse_special: true, with_pieces: false },
          timeoutMs: requestTimeoutMs,
          what: '/tokenize answer',
        });
        return createTokenizerEstimate(answer.tokens.length, task.max_tokens);
      },
      load: {
        readMetrics,
        toLoad: (metrics) => ({ running: metrics.requests_processing, waiting: metrics.requests_deferred }),
      },
      stream: {
        framing: 'sse',
        idleTimeoutMs: settings.idleTimeoutMs ?? 45_000,
        async open(task, signal) {
          const prompt = await resolvePrompt(task, signal);
          const { body, droppedFields } = convertToLlamaCppRequest(task, prompt, {
            cachePrompt: settings.cachePrompt ?? false,
          });
          warnDroppedFields(
            logger,
            'llama.cpp adapter drops task fields it cannot send',
            task,
            droppedFields,
          );
          if (body.seed === LLAMACPP_RANDOM_SEED) {
            logger.warn('seed 4294967295 means "random" to llama.cpp: this task is not reproducible', {
              task_id: task.task_id,
            });
          }
          return client.request({ path: '/completion', body, signal });
        },
        createTranslator: () => createLlamaCppTranslator(client, metricsEvery),
      },
    },
    { readEngineMetrics: readMetrics },
  );
}
