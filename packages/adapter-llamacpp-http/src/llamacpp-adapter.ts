import {
  type AdapterHealth,
  type AdapterLogger,
  type AdapterProperties,
  excerptBody,
  type SubmitOptions,
  silentLogger,
  type Task,
  type TaskStream,
  type TokenEstimate,
  type WorkerAdapter,
} from '@orch/adapter-api';
import {
  createCachedRead,
  createEngineClient,
  createErrorBodyParser,
  createTaskRegistry,
  type HealthInterpreter,
  readEngineLoad,
  runEngineStream,
} from '@orch/adapter-utils';
import {
  convertToLlamaCppRequest,
  LLAMACPP_RANDOM_SEED,
  resolveLlamaCppSeed,
} from './convert-to-llamacpp-request.js';
import { createLlamaCppTranslator } from './create-llamacpp-translator.js';
import { llamaCppErrorBodySchema, llamaCppTokenizeResponseSchema } from './llamacpp-api-types.js';
import type { LlamaCppEngineMetrics } from './llamacpp-engine-metrics.js';
import { readLlamaCppMetrics } from './read-llamacpp-metrics.js';
import { readLlamaCppProperties, readLlamaCppProps } from './read-llamacpp-properties.js';
import { type ChatTemplateFallback, createPromptResolver } from './resolve-llamacpp-prompt.js';

/** Settings of {@link createLlamaCppAdapter}. */
export interface LlamaCppAdapterSettings {
  /** Base URL of the llama-server, e.g. `http://127.0.0.1:8080` (a path prefix behind a proxy is kept). */
  baseUrl: string;
  /** Model name reported in `started` (the pool's model name). */
  model: string;
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
  /** Where dropped fields and diagnostics go. Never receives the API key. */
  logger?: AdapterLogger;
  /** The fetch to use; default the global fetch. */
  fetch?: typeof fetch;
}

/** The llama.cpp adapter: a {@link WorkerAdapter} plus a reader of the engine's Prometheus metrics. */
export interface LlamaCppAdapter extends WorkerAdapter {
  /** Reads `/metrics` (OC-ADAPT-5001a); `{available: false}` when the server runs without `--metrics`. */
  readEngineMetrics(): Promise<LlamaCppEngineMetrics>;
  /** Number of tasks streaming now. */
  readonly activeTasks: number;
}

const parseLlamaCppErrorBody = createErrorBodyParser(llamaCppErrorBodySchema, (body) => ({
  message: body.error.message,
  ...(body.error.type === undefined ? {} : { engineCode: body.error.type }),
  ...(body.error.code === undefined ? {} : { status: body.error.code }),
}));

function readErrorMessage(bodyText: string): string {
  return parseLlamaCppErrorBody(bodyText)?.message ?? excerptBody(bodyText, 200);
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
  const registry = createTaskRegistry();
  const client = createEngineClient({
    engine: 'llamacpp',
    baseUrl: settings.baseUrl,
    headersTimeoutMs: settings.headersTimeoutMs ?? 60_000,
    parseErrorBody: parseLlamaCppErrorBody,
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
  });
  const resolvePrompt = createPromptResolver({
    client,
    fallback: settings.chatTemplateFallback ?? 'transcript',
    timeoutMs: requestTimeoutMs,
    logger,
  });
  // The build string, refreshed by every properties read.
  const engineVersion = createCachedRead((signal) =>
    readLlamaCppProps(client, requestTimeoutMs, signal).then((props) => props.build_info),
  );

  function submit(task: Task, options: SubmitOptions = {}): TaskStream {
    const seed = resolveLlamaCppSeed(task);
    return runEngineStream({
      task,
      options,
      engine: 'llamacpp',
      replica: client.replica,
      registry,
      framing: 'sse',
      idleTimeoutMs: settings.idleTimeoutMs ?? 45_000,
      logger,
      async startedFacts(signal) {
        return {
          engine: 'llamacpp',
          engine_version: await engineVersion.get(signal),
          seed,
          model: settings.model,
        };
      },
      async open(signal) {
        const prompt = await resolvePrompt(task, signal);
        const { body, droppedFields } = convertToLlamaCppRequest(task, prompt, {
          cachePrompt: settings.cachePrompt ?? false,
        });
        if (droppedFields.length > 0) {
          logger.warn('llama.cpp adapter drops task fields it cannot send', {
            task_id: task.task_id,
            fields: droppedFields,
          });
        }
        if (body.seed === LLAMACPP_RANDOM_SEED) {
          logger.warn('seed 4294967295 means "random" to llama.cpp: this task is not reproducible', {
            task_id: task.task_id,
          });
        }
        return client.request({ path: '/completion', body, signal });
      },
      // A method, not an arrow property: under tsx a named arrow carries a 256-byte name dictionary per task.
      createTranslator() {
        return createLlamaCppTranslator(client, metricsEvery);
      },
    });
  }

  return {
    engine: 'llamacpp',
    get activeTasks() {
      return registry.size;
    },
    submit,
    cancel: (taskId) => registry.cancel(taskId),
    health: (): Promise<AdapterHealth> =>
      client.probeHealth({
        path: '/health',
        timeoutMs: settings.healthTimeoutMs ?? 2000,
        interpret: interpretLlamaCppHealth,
      }),
    async properties(): Promise<AdapterProperties> {
      const { properties, props } = await readLlamaCppProperties(client, requestTimeoutMs, settings.model);
      engineVersion.set(props.build_info);
      return properties;
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
      const promptTokens = answer.tokens.length;
      return {
        prompt_tokens: promptTokens,
        total_tokens: promptTokens + task.max_tokens,
        method: 'tokenizer',
      };
    },
    readEngineMetrics: () => readLlamaCppMetrics(client, requestTimeoutMs),
    readLoad: () =>
      readEngineLoad(
        () => readLlamaCppMetrics(client, requestTimeoutMs),
        (metrics) => ({ running: metrics.requests_processing, waiting: metrics.requests_deferred }),
      ),
    async close() {
      await registry.cancelAll();
    },
  };
}
