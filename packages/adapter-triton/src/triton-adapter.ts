import { silentLogger, type Task, type TokenEstimate } from '@orch/adapter-api';
import {
  createCachedRead,
  createEngineAdapter,
  createEngineClient,
  createErrorBodyParser,
  type EngineAdapter,
  type EngineAdapterSettings,
  type EngineClient,
  type EngineFacts,
  estimateTokensHeuristically,
  warnDroppedFields,
} from '@orch/adapter-utils';
import { classifyTritonFailure } from './classify-triton-failure.js';
import { convertToTritonRequest, refuseUnsupportedTritonTask } from './convert-to-triton-request.js';
import { createTritonTranslator } from './create-triton-translator.js';
import { probeTritonHealth } from './probe-triton-health.js';
import { readTritonMetrics } from './read-triton-metrics.js';
import {
  formatTritonVersion,
  readTritonModelConfig,
  readTritonServerMetadata,
  toTritonProperties,
} from './read-triton-properties.js';
import { resolveTritonPrompt, type TritonChatFallback } from './resolve-triton-prompt.js';
import { createSeedInputResolver, type TritonSeedInputSetting } from './resolve-triton-seed-inputs.js';
import {
  createTextModeResolver,
  findTritonTextMode,
  type TritonTextModeSetting,
} from './resolve-triton-text-mode.js';
import {
  type TritonModelConfig,
  type TritonServerMetadata,
  tritonErrorBodySchema,
} from './triton-api-types.js';
import type { TritonEngineMetrics } from './triton-engine-metrics.js';
import { tritonModelPath } from './triton-model-path.js';

/** Settings of {@link createTritonAdapter}. */
export interface TritonAdapterSettings extends EngineAdapterSettings {
  /** Base URL of Triton's HTTP endpoint, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /** The Triton model that generates: `ensemble` (default) or `tensorrt_llm_bls`. */
  tritonModel?: string;
  /** A model version for `/versions/{v}` routes; default: Triton's version policy. */
  modelVersion?: string;
  /**
   * How `text_output` values relate across responses. Default **`auto`**: from the model's `/config`
   * (specs/engines/triton.md C.8): `accumulated` when its `accumulate_tokens` parameter is true
   * (`tensorrt_llm_bls`), else `delta`, the per-step text of the stock ensemble's postprocessing, with its known
   * problems (see `TritonTextMode`). A mode given here overrides the detection.
   */
  textMode?: TritonTextModeSetting;
  /** The ensemble's seed input name: `seed` (newer), `random_seed` (≤ 0.19), or `auto` (default) from `/config`. */
  seedInputName?: TritonSeedInputSetting;
  /** TensorRT-LLM version of the deployment, reported as `extra.trtllm_version`: no endpoint tells it (specs/engines/triton.md C.6). */
  trtllmVersion?: string;
  /** Context size to report (the engine's `max_seq_len`); not on the wire. */
  contextSize?: number;
  /** Base URL of the metrics endpoint (Triton serves it on port 8002 by default); none: metrics unavailable. */
  metricsUrl?: string;
  /** Sent as `Authorization: Bearer …` (e.g. behind a gateway); never logged nor put in errors. */
  apiKey?: string;
  /**
   * Milliseconds until `generate_stream` answers with headers. Triton takes the status from the first
   * response (specs/engines/triton.md C.1), so this bounds time to first token (`ttft_timeout`). Default 60 000.
   */
  headersTimeoutMs?: number;
  /** Longest silence between stream bytes (`idle_timeout`). Triton sends no keep-alive (specs/engines/cross-engine.md E.4). Default 60 000. */
  idleTimeoutMs?: number;
  /** Milliseconds for `/v2`, `/config` and `/metrics`. Default 10 000. */
  requestTimeoutMs?: number;
  /** Milliseconds for each readiness probe. Default 2000. */
  healthTimeoutMs?: number;
  /** What to do with chat `messages`. Default `transcript`. */
  chatFallback?: TritonChatFallback;
  /**
   * The deployment has guided decoding configured (TensorRT-LLM `guided_decoding_backend` and tokenizer info,
   * specs/engines/triton.md C.2). Default false: tasks with `response_format` are refused with `capability_unsupported` before any
   * request, and `properties()` declares no structured output, so the orchestrator refuses them up front.
   */
  guidedDecoding?: boolean;
}

/** The Triton adapter: a `WorkerAdapter` plus a reader of Triton's Prometheus metrics. */
export interface TritonAdapter extends EngineAdapter {
  /** Reads the metrics endpoint (specs/engines/triton.md C.4); `{available: false}` without `metricsUrl`. */
  readEngineMetrics(): Promise<TritonEngineMetrics>;
}

const parseTritonErrorBody = createErrorBodyParser(tritonErrorBodySchema, (body) => ({
  message: body.error,
}));

function toEngineFacts(metadata: TritonServerMetadata): EngineFacts {
  return { engine_version: formatTritonVersion(metadata) };
}

/**
 * Creates an adapter for one Triton server with a TensorRT-LLM model (OC-ADAPT-5060, 5070): streaming over
 * the generate extension (`POST /v2/models/{m}/generate_stream`), cancel by closing the request (Triton
 * ≥ 2.41 cancels the inference, specs/engines/triton.md C.5), readiness from `/v2/health/ready` and the model's `/ready`, properties
 * from `GET /v2` and the model config, a heuristic token estimate (Triton has no tokenizer endpoint), and
 * metrics from the metrics port.
 */
export function createTritonAdapter(settings: TritonAdapterSettings): TritonAdapter {
  const logger = settings.logger ?? silentLogger;
  const requestTimeoutMs = settings.requestTimeoutMs ?? 10_000;
  const tritonModel = settings.tritonModel ?? 'ensemble';
  const textModeSetting = settings.textMode ?? 'auto';
  const chatFallback = settings.chatFallback ?? 'transcript';
  const convertOptions = { guidedDecoding: settings.guidedDecoding ?? false };
  const modelPath = tritonModelPath(tritonModel, settings.modelVersion);
  const clientSettings = {
    engine: 'triton',
    parseErrorBody: parseTritonErrorBody,
    classifyFailure: classifyTritonFailure,
    apiKey: settings.apiKey,
  };
  const client = createEngineClient({
    ...clientSettings,
    baseUrl: settings.baseUrl,
    headersTimeoutMs: settings.headersTimeoutMs ?? 60_000,
  });
  const metricsClient =
    settings.metricsUrl === undefined
      ? undefined
      : createEngineClient({ ...clientSettings, baseUrl: settings.metricsUrl });
  const readMetrics = (metrics: EngineClient) => readTritonMetrics(metrics, tritonModel, requestTimeoutMs);
  const readEngineMetrics = async (): Promise<TritonEngineMetrics> =>
    metricsClient === undefined
      ? { available: false, request_failure: {}, trtllm_requests: {}, kv_cache_blocks: {}, samples: [] }
      : readMetrics(metricsClient);
  // One `/config` request serves the seed and the text-mode resolutions that the first task starts together.
  let configRead: Promise<TritonModelConfig> | undefined;
  const readConfig = (signal?: AbortSignal) => {
    configRead ??= readTritonModelConfig(client, modelPath, requestTimeoutMs, signal).finally(() => {
      configRead = undefined;
    });
    return configRead;
  };
  const resolveSeedInputs = createSeedInputResolver({
    setting: settings.seedInputName ?? 'auto',
    readConfig,
    logger,
    model: tritonModel,
  });
  const textModes = createTextModeResolver({
    setting: textModeSetting,
    readConfig,
    logger,
    model: tritonModel,
  });

  return createEngineAdapter(
    {
      engine: 'triton',
      model: settings.model,
      client,
      logger,
      health: () => probeTritonHealth(client, modelPath, settings.healthTimeoutMs ?? 2000),
      // The version from `GET /v2`, refreshed by every properties read.
      engineFacts: createCachedRead((signal) =>
        readTritonServerMetadata(client, requestTimeoutMs, signal).then(toEngineFacts),
      ),
      async readProperties() {
        const [metadata, config] = await Promise.all([
          readTritonServerMetadata(client, requestTimeoutMs),
          readTritonModelConfig(client, modelPath, requestTimeoutMs),
        ]);
        const properties = toTritonProperties(metadata, config, {
          tritonModel,
          textMode: textModeSetting === 'auto' ? findTritonTextMode(config) : textModeSetting,
          guidedDecoding: convertOptions.guidedDecoding,
          ...(settings.trtllmVersion === undefined ? {} : { trtllmVersion: settings.trtllmVersion }),
          ...(settings.contextSize === undefined ? {} : { contextSize: settings.contextSize }),
        });
        return { properties, engineFacts: toEngineFacts(metadata) };
      },
      // Triton has no tokenizer endpoint (the tokenizer lives in the preprocessing model): a heuristic.
      async estimateTokens(task: Task): Promise<TokenEstimate> {
        return estimateTokensHeuristically(
          resolveTritonPrompt(task, chatFallback, silentLogger, client.replica),
          task.max_tokens,
        );
      },
      // Without a metrics endpoint, no load.
      load:
        metricsClient === undefined
          ? undefined
          : {
              readMetrics: () => readMetrics(metricsClient),
              toLoad: (metrics) => ({ waiting: metrics.pending_request_count }),
            },
      stream: {
        framing: 'sse',
        idleTimeoutMs: settings.idleTimeoutMs ?? 60_000,
        async open(task, signal) {
          refuseUnsupportedTritonTask(task, convertOptions);
          const textInput = resolveTritonPrompt(task, chatFallback, logger, client.replica);
          const [seedInputs] = await Promise.all([resolveSeedInputs(signal), textModes.resolve(signal)]);
          const { body, droppedFields } = convertToTritonRequest(task, textInput, seedInputs, convertOptions);
          warnDroppedFields(
            logger,
            'Triton adapter drops task fields the ensemble has no input for',
            task,
            droppedFields,
          );
          return client.request({ path: `${modelPath}/generate_stream`, body, signal });
        },
        createTranslator: (task) =>
          createTritonTranslator(client, {
            textMode: textModes.current,
            stop: task.stop ?? [],
            maxTokens: task.max_tokens,
            logger,
            taskId: task.task_id,
          }),
      },
    },
    { readEngineMetrics },
  );
}
