import type { WorkerAdapter } from '@orch/adapter-api';
import { createTgiAdapter } from '@orch/adapter-tgi-http';
import { z } from 'zod';
import type { AdapterFactoryInput } from './adapter-factory-input.js';
import { parseAdapterOptions } from './parse-adapter-options.js';

const tgiOptionsSchema = z.strictObject({
  /** What to do with chat `messages` when the router has no `/chat_tokenize`. */
  chat_template_fallback: z.enum(['transcript', 'reject']).optional(),
  /** Timeout of `/info`, `/tokenize`, `/chat_tokenize` and `/metrics` calls, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
  /** Timeout of the `/health` probe, ms. */
  health_timeout_ms: z.number().int().positive().optional(),
});

/**
 * Builds the TGI adapter of a replica. The pool's `ttft_ms` bounds both the response headers and the first
 * event (TGI sends headers at once and its first event after queueing and prefill); `idle_ms` bounds silences.
 */
export function createTgiReplicaAdapter(input: AdapterFactoryInput): WorkerAdapter {
  const options = parseAdapterOptions(tgiOptionsSchema, input);
  return createTgiAdapter({
    baseUrl: input.replica.url as string,
    model: input.pool.model,
    apiKey: input.apiKey,
    headersTimeoutMs: input.pool.timeouts.ttft_ms,
    firstEventTimeoutMs: input.pool.timeouts.ttft_ms,
    idleTimeoutMs: input.pool.timeouts.idle_ms,
    requestTimeoutMs: options.request_timeout_ms,
    healthTimeoutMs: options.health_timeout_ms,
    chatTemplateFallback: options.chat_template_fallback,
    logger: input.logger,
  });
}
