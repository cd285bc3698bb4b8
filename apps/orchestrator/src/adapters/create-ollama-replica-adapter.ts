import type { WorkerAdapter } from '@orch/adapter-api';
import { createOllamaAdapter } from '@orch/adapter-ollama-http';
import { z } from 'zod';
import type { AdapterFactoryInput } from './adapter-factory-input.js';
import { parseAdapterOptions } from './parse-adapter-options.js';

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

/**
 * Builds the Ollama adapter of a replica. The pool's `ttft_ms` bounds the wait for the first line, which
 * includes loading the model on first use (slow, not failed); `idle_ms` bounds silences between lines.
 */
export function createOllamaReplicaAdapter(input: AdapterFactoryInput): WorkerAdapter {
  const options = parseAdapterOptions(ollamaOptionsSchema, input);
  return createOllamaAdapter({
    baseUrl: input.replica.url as string,
    model: input.pool.model,
    ollamaModel: options.ollama_model,
    keepAlive: options.keep_alive,
    numCtx: options.num_ctx,
    apiKey: input.apiKey,
    firstLineTimeoutMs: input.pool.timeouts.ttft_ms,
    idleTimeoutMs: input.pool.timeouts.idle_ms,
    requestTimeoutMs: options.request_timeout_ms,
    healthTimeoutMs: options.health_timeout_ms,
    logger: input.logger,
  });
}
