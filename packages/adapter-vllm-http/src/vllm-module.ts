import {
  type AdapterModule,
  assessBatchingEngineDeterminism,
  CONTRACT_VERSION,
  readHttpEngineSettings,
} from '@orch/adapter-api';
import { z } from 'zod';
import { createVllmAdapter } from './vllm-adapter.js';

const vllmOptionsSchema = z.strictObject({
  /** vLLM's `--served-model-name`, sent as `model` when it differs from the pool's model name. */
  served_model: z.string().min(1).optional(),
  /** Timeout of `/version`, `/v1/models`, `/tokenize` and `/metrics` calls, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
  /** Timeout of the `/health` probe, ms. */
  health_timeout_ms: z.number().int().positive().optional(),
});

/** A vLLM replica's `options`. */
export type VllmReplicaOptions = z.infer<typeof vllmOptionsSchema>;

/**
 * vLLM as a module. The pool's `ttft_ms` bounds both the response headers and the first stream bytes (vLLM
 * sends headers at once and its first chunk after prefill); `idle_ms` bounds silences. The replica's
 * `api_key_env` key is vLLM's `--api-key`. Its HTTP server starts after the engine is built, so the port
 * refuses until then. It batches by design: deterministic only with `VLLM_BATCH_INVARIANT=1` declared as
 * `batch_invariant`.
 */
export const vllmModule: AdapterModule<VllmReplicaOptions> = {
  engine: 'vllm',
  contractVersion: CONTRACT_VERSION,
  optionsSchema: vllmOptionsSchema,
  requiresUrl: true,
  healthPreset: { path: '/health', readyStatuses: [200], whileLoading: 'connection refused' },
  assessDeterminism: assessBatchingEngineDeterminism('vllm'),
  create(input) {
    const { options } = input;
    return createVllmAdapter({
      ...readHttpEngineSettings('vllm', input),
      servedModel: options.served_model,
      headersTimeoutMs: input.ttftTimeoutMs,
      firstByteTimeoutMs: input.ttftTimeoutMs,
    });
  },
};
