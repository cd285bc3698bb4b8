import {
  type AdapterModule,
  assessBatchingEngineDeterminism,
  CONTRACT_VERSION,
  readHttpEngineSettings,
} from '@orch/adapter-api';
import { z } from 'zod';
import { createTgiAdapter } from './tgi-adapter.js';

const tgiOptionsSchema = z.strictObject({
  /** What to do with chat `messages` when the router has no `/chat_tokenize`. */
  chat_template_fallback: z.enum(['transcript', 'reject']).optional(),
  /** Timeout of `/info`, `/tokenize`, `/chat_tokenize` and `/metrics` calls, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
  /** Timeout of the `/health` probe, ms. */
  health_timeout_ms: z.number().int().positive().optional(),
});

/** A TGI replica's `options`. */
export type TgiReplicaOptions = z.infer<typeof tgiOptionsSchema>;

/**
 * Text Generation Inference as a module. The pool's `ttft_ms` bounds both the response headers and the first
 * event (TGI sends headers at once and its first event after queueing and prefill); `idle_ms` bounds
 * silences. The launcher starts its web server only once the shards are up: the port refuses until then.
 */
export const tgiModule: AdapterModule<TgiReplicaOptions> = {
  engine: 'tgi',
  contractVersion: CONTRACT_VERSION,
  optionsSchema: tgiOptionsSchema,
  requiresUrl: true,
  healthPreset: { path: '/health', readyStatuses: [200], whileLoading: 'connection refused' },
  assessDeterminism: assessBatchingEngineDeterminism('tgi'),
  create(input) {
    const { options } = input;
    return createTgiAdapter({
      ...readHttpEngineSettings('tgi', input),
      headersTimeoutMs: input.ttftTimeoutMs,
      firstEventTimeoutMs: input.ttftTimeoutMs,
      chatTemplateFallback: options.chat_template_fallback,
    });
  },
};
