import { type AdapterModule, CONTRACT_VERSION, readHttpEngineSettings } from '@orch/adapter-api';
import { z } from 'zod';
import { createLlamaCppAdapter } from './llamacpp-adapter.js';

const llamaCppOptionsSchema = z.strictObject({
  /** llama.cpp's `cache_prompt`; off by default because it breaks byte-identical replays. */
  cache_prompt: z.boolean().optional(),
  /** A `metrics` event every this many predicted tokens; 0 disables them. */
  metrics_every: z.number().int().nonnegative().optional(),
  /** What to do with chat `messages` when the server has no `/apply-template`. */
  chat_template_fallback: z.enum(['transcript', 'reject']).optional(),
  /** Timeout of `/props`, `/slots`, `/tokenize` and `/metrics` calls, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
});

/** A llama.cpp replica's `options`. */
export type LlamaCppReplicaOptions = z.infer<typeof llamaCppOptionsSchema>;

/**
 * llama.cpp's `llama-server` as a module. Determinism (specs/determinism.md): the prompt cache makes results
 * depend on earlier requests, and several slots batch sequences together (batch size changes the logits), so
 * a deterministic replica runs one slot (`-np 1`, `total_slots` of `/props`) unless declared batch-invariant.
 * While it loads a model, every route answers 503 "Loading model".
 */
export const llamaCppModule: AdapterModule<LlamaCppReplicaOptions> = {
  engine: 'llamacpp',
  contractVersion: CONTRACT_VERSION,
  optionsSchema: llamaCppOptionsSchema,
  requiresUrl: true,
  healthPreset: { path: '/health', readyStatuses: [200], whileLoading: '503 Loading model' },
  assessDeterminism: {
    findConfigProblems: ({ options }) =>
      options.cache_prompt === true
        ? [
            {
              path: ['options'],
              message: 'cache_prompt: true makes llama.cpp results depend on earlier requests: turn it off',
            },
          ]
        : [],
    assessReplica({ batchInvariant }, properties) {
      if (batchInvariant) return { verdict: 'yes' };
      const slots = properties?.slots_total;
      if (slots === undefined)
        return { verdict: 'unknown', reason: 'slot count not read from the engine yet' };
      if (slots === 1) return { verdict: 'yes' };
      return {
        verdict: 'no',
        reason: `llama.cpp runs ${slots} slots: run it with -np 1 or declare batch_invariant`,
      };
    },
  },
  create(input) {
    const { options } = input;
    return createLlamaCppAdapter({
      ...readHttpEngineSettings('llamacpp', input),
      headersTimeoutMs: input.ttftTimeoutMs,
      cachePrompt: options.cache_prompt,
      metricsEvery: options.metrics_every,
      chatTemplateFallback: options.chat_template_fallback,
    });
  },
};
