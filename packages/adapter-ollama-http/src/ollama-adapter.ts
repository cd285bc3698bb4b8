import {
  type AdapterHealth,
  type AdapterLogger,
  type AdapterProperties,
  type StartedFacts,
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
  type EngineFailureClassifier,
  runEngineStream,
} from '@orch/adapter-utils';
import { convertToOllamaRequest, resolveOllamaSeed } from './convert-to-ollama-request.js';
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
export interface OllamaAdapterSettings {
  /** Base URL of the Ollama server, e.g. `http://127.0.0.1:11434`. */
  baseUrl: string;
  /** Model name reported in `started` (the pool's model name). */
  model: string;
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
  /** Where dropped fields and diagnostics go. Never receives the API key. */
  logger?: AdapterLogger;
  /** The fetch to use; default the global fetch. */
  fetch?: typeof fetch;
}

/** The Ollama adapter. */
export interface OllamaAdapter extends WorkerAdapter {
  /** Number of tasks streaming now. */
  readonly activeTasks: number;
}

const parseOllamaErrorBody = createErrorBodyParser(ollamaErrorBodySchema, (body) => ({
  message: body.error,
}));

/** Ollama's 503 when its request queue is full (`OLLAMA_MAX_QUEUE`) is an overload, not an outage. */
const classifyOllamaFailure: EngineFailureClassifier = (failure) =>
  failure.status === 503 &&
  /server busy|maximum pending requests/i.test(failure.details?.message ?? failure.bodyText)
    ? 'engine_overloaded'
    : undefined;

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
  const registry = createTaskRegistry();
  const client = createEngineClient({
    engine: 'ollama',
    baseUrl: settings.baseUrl,
    headersTimeoutMs: firstLineTimeoutMs,
    parseErrorBody: parseOllamaErrorBody,
    classifyFailure: classifyOllamaFailure,
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
  });
  let pendingFirstAnswers = 0;
  // The version (required) and the model digest (best effort), read once.
  const serverFacts = createCachedRead(async (signal): Promise<{ version: string; digest?: string }> => {
    const version = await readOllamaVersion(client, requestTimeoutMs, signal);
    const digest = await readOllamaTags(client, requestTimeoutMs, signal).then(
      (tags) => findTaggedModel(tags, ollamaModel)?.digest,
      () => undefined,
    );
    return digest ? { version, digest } : { version };
  });

  function submit(task: Task, options: SubmitOptions = {}): TaskStream {
    return runEngineStream({
      task,
      options,
      engine: 'ollama',
      replica: client.replica,
      registry,
      framing: 'ndjson',
      firstByteTimeoutMs: firstLineTimeoutMs,
      idleTimeoutMs: settings.idleTimeoutMs ?? 60_000,
      logger,
      async startedFacts(signal): Promise<StartedFacts> {
        const facts = await serverFacts.get(signal);
        return {
          engine: 'ollama',
          engine_version: facts.version,
          seed: resolveOllamaSeed(task),
          model: settings.model,
          ...(facts.digest === undefined ? {} : { model_digest: facts.digest }),
        };
      },
      async open(signal) {
        const { request, droppedFields } = convertToOllamaRequest(task, {
          ollamaModel,
          ...(settings.keepAlive === undefined ? {} : { keepAlive: settings.keepAlive }),
          ...(settings.numCtx === undefined ? {} : { numCtx: settings.numCtx }),
        });
        if (droppedFields.length > 0) {
          logger.warn('Ollama adapter drops task fields it cannot send', {
            task_id: task.task_id,
            fields: droppedFields,
          });
        }
        // Ollama answers only once the model is loaded: a pending answer is what loading looks like (health).
        pendingFirstAnswers += 1;
        try {
          return await client.request({ path: request.path, body: request.body, signal });
        } finally {
          pendingFirstAnswers -= 1;
        }
      },
      createTranslator: () => createOllamaTranslator(client, task.max_tokens),
    });
  }

  return {
    engine: 'ollama',
    get activeTasks() {
      return registry.size;
    },
    submit,
    cancel: (taskId) => registry.cancel(taskId),
    health: (): Promise<AdapterHealth> =>
      probeOllamaHealth(client, ollamaModel, settings.healthTimeoutMs ?? 2000, () => pendingFirstAnswers > 0),
    async properties(): Promise<AdapterProperties> {
      const [version, tags, ps] = await Promise.all([
        readOllamaVersion(client, requestTimeoutMs),
        readOllamaTags(client, requestTimeoutMs),
        readOllamaPs(client, requestTimeoutMs).catch(() => undefined),
      ]);
      const digest = findTaggedModel(tags, ollamaModel)?.digest;
      serverFacts.set(digest ? { version, digest } : { version });
      return toOllamaProperties({ version, model: ollamaModel, tags, ps, numCtx: settings.numCtx });
    },
    estimateTokens: async (task: Task): Promise<TokenEstimate> => estimateOllamaTokens(task),
    async close() {
      await registry.cancelAll();
    },
  };
}
