import { silentLogger } from '@orch/adapter-api';
import {
  createCachedRead,
  createEngineAdapter,
  createEngineClient,
  createOpenAiStreamTranslator,
  type EngineAdapter,
  type EngineAdapterSettings,
  type EngineFacts,
  type HealthInterpreter,
  parseOpenAiErrorBody,
  resolveTaskSeed,
  warnDroppedFields,
} from '@orch/adapter-utils';
import { convertToVllmRequest, routeOfVllmTask } from './convert-to-vllm-request.js';
import { createVllmTokenEstimator } from './estimate-vllm-tokens.js';
import { readVllmMetrics } from './read-vllm-metrics.js';
import { readVllmProperties, readVllmVersion, VLLM_SAMPLER_PROFILE } from './read-vllm-properties.js';
import type { VllmEngineMetrics } from './vllm-engine-metrics.js';

/** Settings of {@link createVllmAdapter}. */
export interface VllmAdapterSettings extends EngineAdapterSettings {
  /** Base URL of the vLLM server, e.g. `http://127.0.0.1:8000` (a path prefix behind a proxy is kept). */
  baseUrl: string;
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
}

/** The vLLM adapter: a `WorkerAdapter` plus a reader of the engine's Prometheus metrics. */
export interface VllmAdapter extends EngineAdapter {
  /** Reads `/metrics` (OC-ADAPT-5020): running and waiting requests, KV-cache usage, token counters. */
  readEngineMetrics(): Promise<VllmEngineMetrics>;
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
  const client = createEngineClient({
    engine: 'vllm',
    baseUrl: settings.baseUrl,
    headersTimeoutMs,
    parseErrorBody: parseOpenAiErrorBody,
    apiKey: settings.apiKey,
  });
  const readMetrics = () => readVllmMetrics(client, requestTimeoutMs);
  // The version, refreshed by every properties read; a server without /version is reported once per read.
  const engineFacts = createCachedRead(async (signal): Promise<EngineFacts> => {
    const version = await readVllmVersion(client, requestTimeoutMs, signal);
    if (version.source !== 'version-endpoint') {
      logger.warn('vLLM server has no /version: engine_version read from elsewhere', {
        replica: client.replica,
        engine_version: version.version,
        source: version.source,
      });
    }
    return { engine_version: version.version };
  });

  return createEngineAdapter(
    {
      engine: 'vllm',
      model: settings.model,
      client,
      logger,
      health: {
        path: '/health',
        timeoutMs: settings.healthTimeoutMs ?? 2000,
        interpret: createHealthInterpreter((text) => client.redact(text)),
      },
      engineFacts,
      async readProperties() {
        const { properties, version } = await readVllmProperties(client, requestTimeoutMs, servedModel);
        return { properties, engineFacts: { engine_version: version.version } };
      },
      estimateTokens: createVllmTokenEstimator({ client, servedModel, timeoutMs: requestTimeoutMs, logger }),
      load: {
        readMetrics,
        toLoad: (metrics) => ({
          running: metrics.num_requests_running,
          waiting: metrics.num_requests_waiting,
        }),
      },
      stream: {
        framing: 'sse',
        idleTimeoutMs: settings.idleTimeoutMs ?? 60_000,
        firstByteTimeoutMs: settings.firstByteTimeoutMs ?? headersTimeoutMs,
        async open(task, signal) {
          // Already read for `started`: the cached version.
          const facts = await engineFacts.get(signal);
          logger.debug('vLLM task starting', {
            task_id: task.task_id,
            engine_version: facts.engine_version,
            seed: resolveTaskSeed(task),
            sampler_profile: VLLM_SAMPLER_PROFILE,
          });
          const request = convertToVllmRequest(task, servedModel);
          warnDroppedFields(
            logger,
            'vLLM adapter drops task fields it cannot send',
            task,
            request.droppedFields,
          );
          return client.request({ path: request.path, body: request.body, signal });
        },
        createTranslator: (task) => createOpenAiStreamTranslator({ client, route: routeOfVllmTask(task) }),
      },
    },
    { readEngineMetrics: readMetrics },
  );
}
