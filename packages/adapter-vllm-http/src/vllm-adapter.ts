import {
  type AdapterHealth,
  type AdapterLogger,
  type AdapterProperties,
  isTaskError,
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
  createOpenAiStreamTranslator,
  createTaskRegistry,
  estimateTokensByCharacters,
  type HealthInterpreter,
  type OpenAiEngineVersion,
  parseOpenAiErrorBody,
  readEngineLoad,
  runEngineStream,
} from '@orch/adapter-utils';
import { convertToVllmRequest, resolveVllmSeed } from './convert-to-vllm-request.js';
import { readVllmMetrics } from './read-vllm-metrics.js';
import { readVllmProperties, readVllmVersion, VLLM_SAMPLER_PROFILE } from './read-vllm-properties.js';
import { vllmTokenizeResponseSchema } from './vllm-api-types.js';
import type { VllmEngineMetrics } from './vllm-engine-metrics.js';

/** Settings of {@link createVllmAdapter}. */
export interface VllmAdapterSettings {
  /** Base URL of the vLLM server, e.g. `http://127.0.0.1:8000` (a path prefix behind a proxy is kept). */
  baseUrl: string;
  /** Model name reported in `started` (the pool's model name). */
  model: string;
  /**
   * The name vLLM serves the model under (`--served-model-name`), sent as `model` in every request. Default:
   * `model`. A name vLLM does not serve is refused with 404 (specs/engines/vllm.md A.6), so a mismatch fails fast, never silently.
   */
  servedModel?: string;
  /** The server's `--api-key`, sent as `Authorization: Bearer …`; never logged nor put in errors. */
  apiKey?: string;
  /** Milliseconds until the response headers arrive. Default 60 000. */
  headersTimeoutMs?: number;
  /**
   * Milliseconds until the first stream bytes after the headers (`ttft_timeout`). vLLM sends its headers at
   * once and the first chunk after prefill, so this bounds time to first token. Default `headersTimeoutMs`.
   */
  firstByteTimeoutMs?: number;
  /**
   * Longest silence between stream bytes once streaming (`idle_timeout`). vLLM writes no keep-alive (specs/engines/cross-engine.md E.4), so
   * keep it above the longest pause a preempted request can see. Default 60 000.
   */
  idleTimeoutMs?: number;
  /** Milliseconds for `/version`, `/v1/models`, `/tokenize` and `/metrics`. Default 10 000. */
  requestTimeoutMs?: number;
  /** Milliseconds for the `/health` probe. Default 2000. */
  healthTimeoutMs?: number;
  /** Where dropped fields and diagnostics go. Never receives the API key. */
  logger?: AdapterLogger;
  /** The fetch to use; default the global fetch. */
  fetch?: typeof fetch;
}

/** The vLLM adapter: a {@link WorkerAdapter} plus a reader of the engine's Prometheus metrics. */
export interface VllmAdapter extends WorkerAdapter {
  /** Reads `/metrics` (OC-ADAPT-5020): running and waiting requests, KV-cache usage, token counters. */
  readEngineMetrics(): Promise<VllmEngineMetrics>;
  /** Number of tasks streaming now. */
  readonly activeTasks: number;
}

/**
 * `/health` (specs/engines/vllm.md A.7): 200 → ready; 503 means the engine died (EngineDeadError), not that it is loading. The
 * server's words are redacted with `redact` (a proxy in front may echo the key).
 */
function createHealthInterpreter(redact: (text: string) => string): HealthInterpreter {
  return ({ status, bodyText }) => {
    if (status === 200) return { state: 'ready' };
    const said = parseOpenAiErrorBody(bodyText)?.message ?? bodyText.slice(0, 200);
    const detail =
      status === 503
        ? `HTTP 503: the vLLM engine is dead or not serving${said.length > 0 ? ` (${said})` : ''}`
        : `HTTP ${status}${said.length > 0 ? `: ${said}` : ''}`;
    return { state: 'unhealthy', detail: redact(detail) };
  };
}

const MISSING_ENDPOINT_STATUSES = new Set([404, 405, 501]);

/**
 * Creates an adapter for one vLLM replica over its OpenAI-compatible server (OC-ADAPT-5020, 5030): prompts
 * stream from `/v1/completions`, chat turns from `/v1/chat/completions` (vLLM applies the model's template),
 * with `stream_options.include_usage` for token counts; cancel closes the request (vLLM aborts the
 * generation on disconnect, specs/engines/vllm.md A.9); health from `/health`; properties from `/version` and `/v1/models`; token
 * estimates from `/tokenize`; engine metrics from `/metrics`.
 */
export function createVllmAdapter(settings: VllmAdapterSettings): VllmAdapter {
  const logger = settings.logger ?? silentLogger;
  const requestTimeoutMs = settings.requestTimeoutMs ?? 10_000;
  const headersTimeoutMs = settings.headersTimeoutMs ?? 60_000;
  const servedModel = settings.servedModel ?? settings.model;
  const registry = createTaskRegistry();
  const client = createEngineClient({
    engine: 'vllm',
    baseUrl: settings.baseUrl,
    headersTimeoutMs,
    parseErrorBody: parseOpenAiErrorBody,
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
  });
  const interpretHealth = createHealthInterpreter((text) => client.redact(text));
  let tokenizeMissing = false;

  // The version, refreshed by every properties read; a server without /version is reported once per read.
  const engineVersion = createCachedRead(async (signal): Promise<OpenAiEngineVersion> => {
    const version = await readVllmVersion(client, requestTimeoutMs, signal);
    if (version.source !== 'version-endpoint') {
      logger.warn('vLLM server has no /version: engine_version read from elsewhere', {
        replica: client.replica,
        engine_version: version.version,
        source: version.source,
      });
    }
    return version;
  });

  function submit(task: Task, options: SubmitOptions = {}): TaskStream {
    const seed = resolveVllmSeed(task);
    let route: 'completion' | 'chat' = task.prompt === undefined ? 'chat' : 'completion';
    return runEngineStream({
      task,
      options,
      engine: 'vllm',
      replica: client.replica,
      registry,
      framing: 'sse',
      idleTimeoutMs: settings.idleTimeoutMs ?? 60_000,
      firstByteTimeoutMs: settings.firstByteTimeoutMs ?? headersTimeoutMs,
      logger,
      async startedFacts(signal) {
        const version = await engineVersion.get(signal);
        logger.debug('vLLM task starting', {
          task_id: task.task_id,
          engine_version: version.version,
          seed,
          sampler_profile: VLLM_SAMPLER_PROFILE,
        });
        return { engine: 'vllm', engine_version: version.version, seed, model: settings.model };
      },
      async open(signal) {
        const request = convertToVllmRequest(task, servedModel);
        route = request.route;
        if (request.droppedFields.length > 0) {
          logger.warn('vLLM adapter drops task fields it cannot send', {
            task_id: task.task_id,
            fields: request.droppedFields,
          });
        }
        return client.request({ path: request.path, body: request.body, signal });
      },
      createTranslator: () => createOpenAiStreamTranslator({ client, route }),
    });
  }

  let tokenizeIgnoresPrompt = false;

  async function estimateTokens(task: Task): Promise<TokenEstimate> {
    if (tokenizeMissing) return estimateTokensByCharacters(task);
    const body =
      task.prompt !== undefined
        ? { model: servedModel, prompt: task.prompt, add_special_tokens: true }
        : { model: servedModel, messages: task.messages ?? [], add_generation_prompt: true };
    try {
      const answer = await client.requestJson(vllmTokenizeResponseSchema, {
        path: '/tokenize',
        body,
        timeoutMs: requestTimeoutMs,
        what: '/tokenize answer',
      });
      const promptHasText =
        (task.prompt ?? '').length > 0 || (task.messages ?? []).some((turn) => turn.content.length > 0);
      if (answer.count === 0 && promptHasText) {
        // A server that shares the route but reads another field (llama-server wants `content`, specs/engines/llamacpp.md D.3)
        // tokenizes nothing; an estimate of 0 would let any prompt past the context check.
        if (!tokenizeIgnoresPrompt) {
          tokenizeIgnoresPrompt = true;
          logger.warn('/tokenize counted no tokens for a non-empty prompt: using the character heuristic', {
            replica: client.replica,
          });
        }
        return estimateTokensByCharacters(task);
      }
      return {
        prompt_tokens: answer.count,
        total_tokens: answer.count + task.max_tokens,
        method: 'tokenizer',
      };
    } catch (error) {
      const status = isTaskError(error) ? error.context.status : undefined;
      if (status === undefined || !MISSING_ENDPOINT_STATUSES.has(status)) throw error;
      tokenizeMissing = true;
      logger.warn('vLLM server has no /tokenize: token estimates use the character heuristic', {
        replica: client.replica,
      });
      return estimateTokensByCharacters(task);
    }
  }

  return {
    engine: 'vllm',
    get activeTasks() {
      return registry.size;
    },
    submit,
    cancel: (taskId) => registry.cancel(taskId),
    health: (): Promise<AdapterHealth> =>
      client.probeHealth({
        path: '/health',
        timeoutMs: settings.healthTimeoutMs ?? 2000,
        interpret: interpretHealth,
      }),
    async properties(): Promise<AdapterProperties> {
      const { properties, version } = await readVllmProperties(client, requestTimeoutMs, servedModel);
      engineVersion.set(version);
      return properties;
    },
    estimateTokens,
    readEngineMetrics: () => readVllmMetrics(client, requestTimeoutMs),
    readLoad: () =>
      readEngineLoad(
        () => readVllmMetrics(client, requestTimeoutMs),
        (metrics) => ({ running: metrics.num_requests_running, waiting: metrics.num_requests_waiting }),
      ),
    async close() {
      await registry.cancelAll();
    },
  };
}
