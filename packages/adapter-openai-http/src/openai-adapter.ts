import { silentLogger } from '@orch/adapter-api';
import {
  createEngineAdapter,
  createEngineClient,
  createOpenAiStreamTranslator,
  type EngineAdapter,
  type EngineAdapterSettings,
  type HealthInterpreter,
  parseOpenAiErrorBody,
  warnDroppedFields,
} from '@orch/adapter-utils';
import {
  convertToOpenAiRequest,
  type OpenAiRequestOptions,
  routeOfOpenAiTask,
} from './convert-to-openai-request.js';
import { createOpenAiTokenEstimator } from './estimate-openai-tokens.js';
import { readOpenAiProperties } from './read-openai-properties.js';
import { createOpenAiEngineVersionTracker } from './track-openai-engine-version.js';

/** Settings of {@link createOpenAiAdapter}. */
export interface OpenAiAdapterSettings extends EngineAdapterSettings {
  /**
   * The server's root URL, without the API prefix: `https://api.openai.com`, `http://127.0.0.1:1234` (LM
   * Studio), `http://127.0.0.1:8080` (llama-server). A path prefix behind a proxy is kept.
   */
  baseUrl: string;
  /** The server's model id, sent as `model` in requests (e.g. `gpt-4o-mini`). Default: `model`. */
  servedModel?: string;
  /**
   * Sent as `Authorization: Bearer …`. The orchestrator reads it from the environment variable named by the
   * replica's `api_key_env`. Never logged, never put in errors (redacted even when a server echoes it).
   */
  apiKey?: string;
  /** Path prefix of the API. Default `/v1`. */
  apiPrefix?: string;
  /**
   * Where a task's `prompt` goes: `completions` (default) streams `<prefix>/completions` with the raw
   * prompt; `chat` sends it to `<prefix>/chat/completions` as one user message, for servers without the
   * legacy completions route (OpenAI's chat models). `messages` always go to `/chat/completions`.
   */
  promptRoute?: 'completions' | 'chat';
  /** Name of the token limit on the chat route. Default `max_tokens` (the widest support); OpenAI's reasoning models need `max_completion_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Send `top_k` and `min_p` (llama-server, vLLM and LM Studio take them; OpenAI refuses them). Default false: they are dropped with a warning. */
  extendedSampling?: boolean;
  /** Send `stream_options.include_usage` for token counts. Default true. */
  includeUsage?: boolean;
  /**
   * Send every sampling field of the sampler profile (`SAMPLER_PROFILE_VERSION`) with every request, so that
   * the server's defaults never shape an answer (ORCH-DET-021). Default true; turn it off for models that
   * refuse sampling fields (OpenAI's reasoning models): only the task's own fields are then sent, and
   * `properties()` reports no `sampler_profile_version`.
   */
  samplerProfile?: boolean;
  /**
   * The server constrains output to `response_format` (OpenAI, vLLM, llama-server's chat route). Default
   * true; when false, tasks with `response_format` are refused with `capability_unsupported` and
   * `properties()` says so, so that the orchestrator refuses them up front.
   */
  structuredOutput?: boolean;
  /**
   * Extra fields merged under every generation body (the task's fields win), e.g. `{cache_prompt: false}` for
   * llama-server's determinism (specs/engines/cross-engine.md E.6). Never logged.
   */
  extraBody?: Record<string, unknown>;
  /**
   * Path probed by `health()`. Default `<prefix>/models`: it checks the API key too (401 → `unhealthy`).
   * `/health` suits servers that have one (llama-server, vLLM) but skips the key check there.
   */
  healthPath?: string;
  /** Path of the server's tokenizer (`/tokenize` on llama-server and vLLM), or `null` for the heuristic only. Default `/tokenize`. */
  tokenizePath?: string | null;
  /** Milliseconds until the response headers arrive. Default 60 000. */
  headersTimeoutMs?: number;
  /** Milliseconds until the first stream bytes after the headers (`ttft_timeout`). Default `headersTimeoutMs`. */
  firstByteTimeoutMs?: number;
  /** Longest silence between stream bytes once streaming (`idle_timeout`). Default 60 000. */
  idleTimeoutMs?: number;
  /** Milliseconds for the model list, version probes and `/tokenize`. Default 10 000. */
  requestTimeoutMs?: number;
  /** Milliseconds for the health probe. Default 2000. */
  healthTimeoutMs?: number;
}

/** The OpenAI-compatible adapter. */
export type OpenAiAdapter = EngineAdapter;

/**
 * Health answers: 200 → ready, 503 → loading (llama-server while it loads), 401/403 → a clear key problem.
 * The server's words are redacted with `redact`: a server may echo the key it refused.
 */
function createHealthInterpreter(redact: (text: string) => string): HealthInterpreter {
  return ({ status, bodyText }) => {
    if (status >= 200 && status <= 299) return { state: 'ready' };
    const said = parseOpenAiErrorBody(bodyText)?.message ?? bodyText.slice(0, 200);
    const what =
      status === 401 || status === 403
        ? 'the server refused the API key (missing, wrong or without access)'
        : 'the server answered an error';
    const detail = redact(`HTTP ${status}: ${what}${said.length === 0 ? '' : `: ${said}`}`);
    return { state: status === 503 ? 'loading' : 'unhealthy', detail };
  };
}

/**
 * Creates an adapter for one OpenAI-compatible server (OC-ADAPT-6000, 6001, 6010, 6011, 6020): OpenAI itself,
 * LM Studio, llama-server's `/v1` routes, vLLM. Streams `<prefix>/completions` or `<prefix>/chat/completions`
 * (deltas → `token` events), cancels by closing the request, probes health on the model list, reads the
 * model card and the server's own version, estimates tokens with `/tokenize` where the server has it.
 */
export function createOpenAiAdapter(settings: OpenAiAdapterSettings): OpenAiAdapter {
  const logger = settings.logger ?? silentLogger;
  const apiPrefix = (settings.apiPrefix ?? '/v1').replace(/\/+$/, '');
  const modelsPath = `${apiPrefix}/models`;
  const requestTimeoutMs = settings.requestTimeoutMs ?? 10_000;
  const headersTimeoutMs = settings.headersTimeoutMs ?? 60_000;
  const servedModel = settings.servedModel ?? settings.model;
  const requestOptions: OpenAiRequestOptions = {
    servedModel,
    apiPrefix,
    promptRoute: settings.promptRoute ?? 'completions',
    maxTokensField: settings.maxTokensField ?? 'max_tokens',
    extendedSampling: settings.extendedSampling ?? false,
    includeUsage: settings.includeUsage ?? true,
    samplerProfile: settings.samplerProfile ?? true,
    structuredOutput: settings.structuredOutput ?? true,
    extraBody: settings.extraBody ?? {},
  };
  const client = createEngineClient({
    engine: 'openai',
    baseUrl: settings.baseUrl,
    headersTimeoutMs,
    parseErrorBody: parseOpenAiErrorBody,
    apiKey: settings.apiKey,
  });
  const version = createOpenAiEngineVersionTracker({
    client,
    timeoutMs: requestTimeoutMs,
    modelsPath,
    logger,
  });

  return createEngineAdapter({
    engine: 'openai',
    model: settings.model,
    client,
    logger,
    health: {
      path: settings.healthPath ?? modelsPath,
      timeoutMs: settings.healthTimeoutMs ?? 2000,
      interpret: createHealthInterpreter((text) => client.redact(text)),
    },
    // No cache here: the tracker keeps the best version known, which streams upgrade (system_fingerprint).
    engineFacts: { get: async (signal) => ({ engine_version: (await version.current(signal)).version }) },
    async readProperties() {
      const properties = await readOpenAiProperties(
        client,
        {
          modelsPath,
          timeoutMs: requestTimeoutMs,
          servedModel,
          samplerProfile: requestOptions.samplerProfile,
          structuredOutput: requestOptions.structuredOutput,
        },
        () => version.refresh(),
      );
      return { properties };
    },
    estimateTokens: createOpenAiTokenEstimator({
      client,
      tokenizePath: settings.tokenizePath === undefined ? '/tokenize' : settings.tokenizePath,
      servedModel,
      timeoutMs: requestTimeoutMs,
      logger,
    }),
    stream: {
      framing: 'sse',
      idleTimeoutMs: settings.idleTimeoutMs ?? 60_000,
      firstByteTimeoutMs: settings.firstByteTimeoutMs ?? headersTimeoutMs,
      open(task, signal) {
        const request = convertToOpenAiRequest(task, requestOptions);
        warnDroppedFields(
          logger,
          'OpenAI-compatible adapter drops task fields it cannot send',
          task,
          request.droppedFields,
        );
        return client.request({ path: request.path, body: request.body, signal });
      },
      createTranslator: (task) =>
        createOpenAiStreamTranslator({
          client,
          route: routeOfOpenAiTask(task, requestOptions),
          onSystemFingerprint: (fingerprint) => version.observeFingerprint(fingerprint),
        }),
    },
  });
}
