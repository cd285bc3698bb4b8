import {
  type AdapterModule,
  assessBatchingEngineDeterminism,
  CONTRACT_VERSION,
  readHttpEngineSettings,
} from '@orch/adapter-api';
import { z } from 'zod';
import { createOllamaAdapter } from './ollama-adapter.js';

const ollamaOptionsSchema = z.strictObject({
  /** The Ollama model tag sent in requests (`llama3.2:1b`); default: the pool's model. */
  ollama_model: z.string().min(1).optional(),
  /** `keep_alive` of every request: a duration (`30m`), seconds, or -1 to keep the model loaded. */
  keep_alive: z.union([z.string().min(1), z.number().int()]).optional(),
  /** `options.num_ctx` of every request, reported as the context size. */
  num_ctx: z.number().int().positive().optional(),
  /** Timeout of `/api/version`, `/api/tags` and `/api/ps` calls, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
  /** Timeout of each health request, ms. */
  health_timeout_ms: z.number().int().positive().optional(),
});

/** An Ollama replica's `options`. */
export type OllamaReplicaOptions = z.infer<typeof ollamaOptionsSchema>;

/**
 * Ollama as a module. The pool's `ttft_ms` bounds the wait for the first line, which includes loading the
 * model on first use (slow, not failed); `idle_ms` bounds silences between lines. A launched `ollama serve`
 * answers 200 on `/` once it listens.
 */
export const ollamaModule: AdapterModule<OllamaReplicaOptions> = {
  engine: 'ollama',
  contractVersion: CONTRACT_VERSION,
  optionsSchema: ollamaOptionsSchema,
  requiresUrl: true,
  healthPreset: { path: '/', readyStatuses: [200], whileLoading: 'connection refused' },
  assessDeterminism: assessBatchingEngineDeterminism('ollama'),
  create(input) {
    const { options } = input;
    return createOllamaAdapter({
      ...readHttpEngineSettings('ollama', input),
      ollamaModel: options.ollama_model,
      keepAlive: options.keep_alive,
      numCtx: options.num_ctx,
      firstLineTimeoutMs: input.ttftTimeoutMs,
    });
  },
};
