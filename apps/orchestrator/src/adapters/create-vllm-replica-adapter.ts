import type { WorkerAdapter } from '@orch/adapter-api';
import { createVllmAdapter } from '@orch/adapter-vllm-http';
import { z } from 'zod';
import type { AdapterFactoryInput } from './adapter-factory-input.js';
import { parseAdapterOptions } from './parse-adapter-options.js';

const vllmOptionsSchema = z.strictObject({
  /** vLLM's `--served-model-name`, sent as `model` when it differs from the pool's model name. */
  served_model: z.string().min(1).optional(),
  /** Timeout of `/version`, `/v1/models`, `/tokenize` and `/metrics` calls, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
  /** Timeout of the `/health` probe, ms. */
  health_timeout_ms: z.number().int().positive().optional(),
});

/**
 * Builds the vLLM adapter of a replica. The pool's `ttft_ms` bounds both the response headers and the first
 * stream bytes (vLLM sends headers at once and its first chunk after prefill); `idle_ms` bounds silences.
 * The replica's `api_key_env` key is vLLM's `--api-key`.
 */
export function createVllmReplicaAdapter(input: AdapterFactoryInput): WorkerAdapter {
  const options = parseAdapterOptions(vllmOptionsSchema, input);
  return createVllmAdapter({
    baseUrl: input.replica.url as string,
    model: input.pool.model,
    servedModel: options.served_model,
    apiKey: input.apiKey,
    headersTimeoutMs: input.pool.timeouts.ttft_ms,
    firstByteTimeoutMs: input.pool.timeouts.ttft_ms,
    idleTimeoutMs: input.pool.timeouts.idle_ms,
    requestTimeoutMs: options.request_timeout_ms,
    healthTimeoutMs: options.health_timeout_ms,
    logger: input.logger,
  });
}
