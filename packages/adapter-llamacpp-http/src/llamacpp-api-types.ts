import type { LlamaSamplerOptions } from '@orch/adapter-utils';
import { z } from 'zod';

// Schemas of every llama-server payload the adapter reads (specs/engines/llamacpp.md, checked against b11669).
// Objects are loose: llama.cpp adds fields release after release and ignores unknown ones itself (specs/engines/llamacpp.md D.2).

/** Body of `POST /completion` as this adapter sends it (specs/engines/llamacpp.md D.2). */
export interface LlamaCppCompletionRequest extends LlamaSamplerOptions {
  prompt: string;
  n_predict: number;
  seed: number;
  stream: boolean;
  /** Reuse of the KV cache across requests; upstream warns it can make results nondeterministic (specs/engines/cross-engine.md E.6). */
  cache_prompt: boolean;
  // The sampler profile (ORCH-DET-021): every sampling parameter is sent (the llama.cpp-named ones through
  // LlamaSamplerOptions), so that neither the server's command-line defaults nor the GGUF's
  // `general.sampling.*` metadata reach an answer.
  dynatemp_range: number;
  xtc_probability: number;
  dry_multiplier: number;
  top_n_sigma: number;
  /** The sampler chain, in order (specs/engines/llamacpp.md D.2 `samplers`); samplers left out of it do not run. */
  samplers: string[];
  stop?: string[];
  /** A JSON Schema the server turns into a grammar that constrains generation (specs/engines/llamacpp.md D.2). */
  json_schema?: Record<string, unknown>;
}

/** `timings` of a stream chunk (only with `timings_per_token`, or once the slot has stopped) and of the final event. */
export const llamaCppTimingsSchema = z.looseObject({
  cache_n: z.number().optional(),
  prompt_n: z.number().int().optional(),
  prompt_ms: z.number().optional(),
  predicted_n: z.number().int().optional(),
  predicted_ms: z.number().optional(),
  predicted_per_second: z.number().optional(),
});

/** One `data:` event of a streamed `/completion`: a partial chunk, or the final one with `stop: true` (specs/engines/llamacpp.md D.2). */
export const llamaCppStreamChunkSchema = z.looseObject({
  content: z.string(),
  stop: z.boolean(),
  tokens_predicted: z.number().int().nonnegative().optional(),
  tokens_evaluated: z.number().int().nonnegative().optional(),
  stop_type: z.string().optional(),
  stopping_word: z.string().optional(),
  truncated: z.boolean().optional(),
  timings: llamaCppTimingsSchema.optional(),
});

/** A parsed stream chunk. */
export type LlamaCppStreamChunk = z.infer<typeof llamaCppStreamChunkSchema>;

/** The error body (HTTP errors) and the in-stream error event: `{"error":{code,message,type}}` (specs/engines/llamacpp.md D.5). */
export const llamaCppErrorBodySchema = z.object({
  error: z.looseObject({
    code: z.number().int().optional(),
    message: z.string(),
    type: z.string().optional(),
    n_prompt_tokens: z.number().int().optional(),
    n_ctx: z.number().int().optional(),
  }),
});

/** Any `data:` event of a `/completion` stream, tagged by `kind`. */
export const llamaCppStreamEventSchema = z.union([
  llamaCppErrorBodySchema.transform((body) => ({ kind: 'error' as const, error: body.error })),
  llamaCppStreamChunkSchema.transform((chunk) => ({ kind: 'chunk' as const, chunk })),
]);

/** A parsed `/completion` stream event. */
export type LlamaCppStreamEvent = z.infer<typeof llamaCppStreamEventSchema>;

/** `GET /props`: the fields the adapter reads (specs/engines/llamacpp.md D.4). `build_info` is required: it is the engine version. */
export const llamaCppPropsSchema = z.looseObject({
  build_info: z.string().min(1),
  total_slots: z.number().int().positive().optional(),
  model_path: z.string().optional(),
  model_alias: z.string().optional(),
  chat_template: z.string().optional(),
  is_sleeping: z.boolean().optional(),
  n_ctx: z.number().int().positive().optional(),
  default_generation_settings: z.looseObject({ n_ctx: z.number().int().positive().optional() }).optional(),
});

/** A parsed `/props` answer. */
export type LlamaCppProps = z.infer<typeof llamaCppPropsSchema>;

/** `GET /slots`: one entry per slot (specs/engines/llamacpp.md D.4). */
export const llamaCppSlotsSchema = z.array(
  z.looseObject({ id: z.number().int(), is_processing: z.boolean() }),
);

/** `POST /tokenize` with `with_pieces: false` (specs/engines/llamacpp.md D.4). */
export const llamaCppTokenizeResponseSchema = z.looseObject({ tokens: z.array(z.number().int()) });

/** `POST /apply-template`: `{messages}` → `{prompt}`. */
export const llamaCppApplyTemplateResponseSchema = z.looseObject({ prompt: z.string() });
