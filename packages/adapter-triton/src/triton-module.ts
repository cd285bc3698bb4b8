import {
  type AdapterModule,
  assessBatchingEngineDeterminism,
  CONTRACT_VERSION,
  readHttpEngineSettings,
} from '@orch/adapter-api';
import { z } from 'zod';
import { createTritonAdapter } from './triton-adapter.js';

const tritonOptionsSchema = z.strictObject({
  /** The Triton model that generates: `ensemble` (default) or `tensorrt_llm_bls`. */
  triton_model: z.string().min(1).optional(),
  /** A model version for the `/versions/{v}` routes. */
  model_version: z.string().min(1).optional(),
  /** `auto` (default: from the model config's `accumulate_tokens`), `accumulated` or `delta` (per-step text). */
  text_mode: z.enum(['auto', 'accumulated', 'delta']).optional(),
  /** The ensemble's seed input: `auto` (default, from the model config), `seed` or `random_seed`. */
  seed_input_name: z.enum(['auto', 'seed', 'random_seed']).optional(),
  /** TensorRT-LLM version of the deployment, reported in properties: no endpoint tells it. */
  trtllm_version: z.string().min(1).optional(),
  /** Context size (the engine's max_seq_len) to report. */
  context_size: z.number().int().positive().optional(),
  /** Triton's metrics endpoint, e.g. `http://host:8002`. */
  metrics_url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  /** What to do with chat `messages`: a plain transcript (default) or reject. */
  chat_fallback: z.enum(['transcript', 'reject']).optional(),
  /** Timeout of `/v2`, `/config` and `/metrics` calls, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
  /** Timeout of each readiness probe, ms. */
  health_timeout_ms: z.number().int().positive().optional(),
  /** The deployment has guided decoding configured (structured output); default false. */
  guided_decoding: z.boolean().optional(),
});

/** A Triton replica's `options`. */
export type TritonReplicaOptions = z.infer<typeof tritonOptionsSchema>;

/**
 * Triton Inference Server with TensorRT-LLM as a module; the first response brings the headers (ttft).
 * `/v2/health/ready` answers 400 (not 503) until every model is ready.
 */
export const tritonModule: AdapterModule<TritonReplicaOptions> = {
  engine: 'triton',
  contractVersion: CONTRACT_VERSION,
  optionsSchema: tritonOptionsSchema,
  requiresUrl: true,
  healthPreset: { path: '/v2/health/ready', readyStatuses: [200], whileLoading: '400 not ready' },
  assessDeterminism: assessBatchingEngineDeterminism('triton'),
  create(input) {
    const { options } = input;
    return createTritonAdapter({
      ...readHttpEngineSettings('triton', input),
      headersTimeoutMs: input.ttftTimeoutMs,
      tritonModel: options.triton_model,
      modelVersion: options.model_version,
      textMode: options.text_mode,
      seedInputName: options.seed_input_name,
      trtllmVersion: options.trtllm_version,
      contextSize: options.context_size,
      metricsUrl: options.metrics_url,
      chatFallback: options.chat_fallback,
      guidedDecoding: options.guided_decoding,
    });
  },
};
