import type { WorkerAdapter } from '@orch/adapter-api';
import { createLlamaCppAdapter } from '@orch/adapter-llamacpp-http';
import { z } from 'zod';
import type { AdapterFactoryInput } from './adapter-factory-input.js';
import { parseAdapterOptions } from './parse-adapter-options.js';

const llamaCppOptionsSchema = z.strictObject({
  /** llama.cpp's `cache_prompt`; off by default because it breaks byte-identical replays (specs/engines/cross-engine.md E.6). */
  cache_prompt: z.boolean().optional(),
  /** A `metrics` event every this many predicted tokens; 0 disables them. */
  metrics_every: z.number().int().nonnegative().optional(),
  /** What to do with chat `messages` when the server has no `/apply-template`. */
  chat_template_fallback: z.enum(['transcript', 'reject']).optional(),
  /** Timeout of `/props`, `/slots`, `/tokenize` and `/metrics` calls, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
});

/** Builds the llama.cpp adapter of a replica; the pool's timeouts bound headers and stream silences. */
export function createLlamaCppReplicaAdapter(input: AdapterFactoryInput): WorkerAdapter {
  const options = parseAdapterOptions(llamaCppOptionsSchema, input);
  return createLlamaCppAdapter({
    baseUrl: input.replica.url as string,
    model: input.pool.model,
    apiKey: input.apiKey,
    headersTimeoutMs: input.pool.timeouts.ttft_ms,
    idleTimeoutMs: input.pool.timeouts.idle_ms,
    requestTimeoutMs: options.request_timeout_ms,
    cachePrompt: options.cache_prompt,
    metricsEvery: options.metrics_every,
    chatTemplateFallback: options.chat_template_fallback,
    logger: input.logger,
  });
}
