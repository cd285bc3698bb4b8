import { silentLogger } from '@orch/adapter-api';
import {
  createCachedRead,
  createEngineAdapter,
  createEngineClient,
  createErrorBodyParser,
  type EngineAdapter,
  type EngineAdapterSettings,
  type EngineFacts,
  type EngineFailureClassifier,
  warnDroppedFields,
} from '@orch/adapter-utils';
import { convertToOllamaRequest } from './convert-to-ollama-request.js';
import { createOllamaTranslator } from './create-ollama-translator.js';
import { estimateOllamaTokens } from './estimate-ollama-tokens.js';
import { ollamaErrorBodySchema } from './ollama-api-types.js';
import { probeOllamaHealth } from './probe-ollama-health.js';
import {
  findTaggedModel,
  readOllamaPs,
  readOllamaTags,
  readOllamaVersion,
  toOllamaProperties,
} from './read-ollama-properties.js';

/** Settings of {@link createOllamaAdapter}. */
export interface OllamaAdapterSettings extends EngineAdapterSettings {
  /** Base URL of the Ollama server, e.g. `http://127.0.0.1:11434`. */
  baseUrl: string;
  /** The Ollama model tag sent in requests (`llama3.2:1b`); default `model`. */
  ollamaModel?: string;
  /** `keep_alive` sent with every request (`5m`, `-1` to keep the model loaded); default: Ollama's. */
  keepAlive?: string | number;
  /** `options.num_ctx` sent with every request, also reported as `context_size`; default: Ollama's. */
  numCtx?: number;
  /** Sent as `Authorization: Bearer …` (Ollama behind an authenticating proxy); never logged. */
  apiKey?: string;
  /**
   * Milliseconds until the first line of an answer. Ollama loads a model on first use before it answers, so
   * this budget covers the load (slow, not failed): it bounds both the headers and the first body line, and
   * fires as `ttft_timeout`. Default 300 000.
   */
  firstLineTimeoutMs?: number;
  /** Longest silence between lines once the answer streams (`idle_timeout`); NDJSON has no keep-alive. Default 60 000. */
  idleTimeoutMs?: number;
  /** Milliseconds for `/api/version`, `/api/tags` and `/api/ps`. Default 10 000. */
  requestTimeoutMs?: number;
  /** Milliseconds for each health request. Default 2000. */
  healthTimeoutMs?: number;
}

/** The Ollama adapter. */
export type OllamaAdapter = EngineAdapter;

const parseOllamaErrorBody = createErrorBodyParser(ollamaErrorBodySchema, (body) => ({
  message: body.error,
}));

/** Ollama's 503 when its request queue is full (`OLLAMA_MAX_QUEUE`) is an overload, not an outage. */
const classifyOllamaFailure: EngineFailureClassifier = (failure) =>
  failure.status === 503 &&
  /server busy|maximum pending requests/i.test(failure.details?.message ?? failure.bodyText)
    ? 'engine_overloaded'
    : undefined;

function toEngineFacts(version: string, digest: string | undefined): EngineFacts {
  return digest ? { engine_version: version, model_digest: digest } : { engine_version: version };
}

/**
 * Creates an adapter for one Ollama server and model (F): NDJSON streaming from `/api/generate` (prompts, sent
 * raw) and `/api/chat` (messages), cancel by closing the request (Ollama then stops the generation), health
 * from `/api/ps` and `/api/tags`, properties from `/api/version` and `/api/tags`, and a heuristic token
 * estimate (the native API has no tokenizer endpoint).
 */
export function createOllamaAdapter(settings: OllamaAdapterSettings): OllamaAdapter {
  const logger = settings.logger ?? silentLogger;
  const requestTimeoutMs = settings.requestTimeoutMs ?? 10_000;
  const firstLineTimeoutMs = settings.firstLineTimeoutMs ?? 300_000;
  const ollamaModel = settings.ollamaModel ?? settings.model;
  const client = createEngineClient({
    engine: 'ollama',
    baseUrl: settings.baseUrl,
    headersTimeoutMs: firstLineTimeoutMs,
    parseErrorBody: parseOllamaErrorBody,
    classifyFailure: classifyOllamaFailure,
    apiKey: settings.apiKey,
  });
  let pendingFirstAnswers = 0;

  return createEngineAdapter({
    engine: 'ollama',
    model: settings.model,
    client,
    logger,
    health: () =>
      probeOllamaHealth(client, ollamaModel, settings.healthTimeoutMs ?? 2000, () => pendingFirstAnswers > 0),
    // The version (required) and the model digest (best effort), read once.
    engineFacts: createCachedRead(async (signal): Promise<EngineFacts> => {
      const version = await readOllamaVersion(client, requestTimeoutMs, signal);
      const digest = await readOllamaTags(client, requestTimeoutMs, signal).then(
        (tags) => findTaggedModel(tags, ollamaModel)?.digest,
        () => undefined,
      );
      return toEngineFacts(version, digest);
    }),
    async readProperties() {
      const [version, tags, ps] = await Promise.all([
        readOllamaVersion(client, requestTimeoutMs),
        readOllamaTags(client, requestTimeoutMs),
        readOllamaPs(client, requestTimeoutMs).catch(() => undefined),
      ]);
      return {
        properties: toOllamaProperties({ version, model: ollamaModel, tags, ps, numCtx: settings.numCtx }),
        engineFacts: toEngineFacts(version, findTaggedModel(tags, ollamaModel)?.digest),
      };
    },
    estimateTokens: async (task) => estimateOllamaTokens(task),
    stream: {
      framing: 'ndjson',
      firstByteTimeoutMs: firstLineTimeoutMs,
      idleTimeoutMs: settings.idleTimeoutMs ?? 60_000,
      async open(task, signal) {
        const { request, droppedFields } = convertToOllamaRequest(task, {
          ollamaModel,
          ...(settings.keepAlive === undefined ? {} : { keepAlive: settings.keepAlive }),
          ...(settings.numCtx === undefined ? {} : { numCtx: settings.numCtx }),
        });
        warnDroppedFields(logger, 'Ollama adapter drops task fields it cannot send', task, droppedFields);
        // Ollama answers only once the model is loaded: a pending answer is what loading looks like (health).
        pendingFirstAnswers += 1;
        try {
          return await client.request({ path: request.path, body: request.body, signal });
        } finally {
          pendingFirstAnswers -= 1;
        }
      },
      createTranslator: (task) => createOllamaTranslator(client, task.max_tokens),
    },
  });
}
