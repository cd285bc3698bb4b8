import { z } from 'zod';

// Schemas of every TGI (text-generation-router) payload the adapter reads (specs/engines/tgi.md).
// Objects are loose: TGI adds fields release after release, and serde ignores unknown ones on its side too.

/** `parameters` of `POST /generate_stream` as this adapter sends them (specs/engines/tgi.md B.1). */
export interface TgiGenerateParameters {
  max_new_tokens: number;
  /** Always true: without it the final event carries no finish reason, token counts or seed (specs/engines/tgi.md B.1). */
  details: true;
  /** False for greedy decoding (temperature 0); an explicit `parameters` object defaults to false (specs/engines/tgi.md B.1). */
  do_sample: boolean;
  /** u64 on TGI's side; echoed in `details.seed` only when sampling. */
  seed: number;
  /** Strictly positive (specs/engines/tgi.md B.1 validation); left out for greedy decoding. */
  temperature?: number;
  /** In (0, 1) exclusive (specs/engines/tgi.md B.1 validation): 1.0 is left out rather than sent. */
  top_p?: number;
  /** Strictly positive; 0 ("disabled") is left out. */
  top_k?: number;
  /** In (0, 1) exclusive like `top_p`: the profile's 1.0 ("off") is left out rather than sent. */
  typical_p?: number;
  /** Strictly positive; 1.0 is neutral (TGI then adds no repetition processor). */
  repetition_penalty: number;
  /** In [-2, 2]; 0 is neutral. */
  frequency_penalty: number;
  /** Always false: a watermark changes which tokens are sampled. */
  watermark: false;
  stop?: string[];
  /** Constrained decoding (specs/engines/tgi.md B.1): `{type: "json", value: <JSON Schema>}` for structured output. */
  grammar?: { type: 'json'; value: Record<string, unknown> };
}

/** Body of `POST /generate_stream` (`GenerateRequest`, specs/engines/tgi.md B.1). */
export interface TgiGenerateRequest {
  inputs: string;
  parameters: TgiGenerateParameters;
  /**
   * Sent as `false` only with chat-templated inputs from `/chat_tokenize`, whose text already holds the
   * template's special tokens (TGI's own chat route does the same).
   */
  add_special_tokens?: boolean;
}

/** The `Token` object of a stream event (specs/engines/tgi.md B.1). `text` is "" while a multi-byte character is incomplete. */
export const tgiTokenSchema = z.looseObject({
  id: z.number().int(),
  text: z.string(),
  logprob: z.number().nullish(),
  special: z.boolean(),
});

/** `details` of the final stream event, present only when `parameters.details` was true (specs/engines/tgi.md B.1). */
export const tgiStreamDetailsSchema = z.looseObject({
  finish_reason: z.string(),
  generated_tokens: z.number().int().nonnegative(),
  seed: z.number().nullish(),
  input_length: z.number().int().nonnegative().optional(),
});

/** One token event of `/generate_stream` (`StreamResponse`, specs/engines/tgi.md B.1); the last one has `generated_text` set. */
export const tgiStreamTokenEventSchema = z.looseObject({
  index: z.number().int(),
  token: tgiTokenSchema,
  generated_text: z.string().nullish(),
  details: tgiStreamDetailsSchema.nullish(),
});

/** A parsed token event. */
export type TgiStreamTokenEvent = z.infer<typeof tgiStreamTokenEventSchema>;

/** The flat error body, as an HTTP answer or as an event inside a 200 stream (specs/engines/tgi.md B.2). */
export const tgiErrorBodySchema = z.looseObject({
  error: z.string(),
  error_type: z.string().optional(),
});

/** A parsed error body or error event. */
export type TgiErrorBody = z.infer<typeof tgiErrorBodySchema>;

/** Any `data:` event of `/generate_stream`, tagged by `kind`. */
export const tgiStreamEventSchema = z.union([
  tgiErrorBodySchema.transform((error) => ({ kind: 'error' as const, error })),
  tgiStreamTokenEventSchema.transform((event) => ({ kind: 'token' as const, event })),
]);

/** A parsed stream event. */
export type TgiStreamEvent = z.infer<typeof tgiStreamEventSchema>;

/**
 * `GET /info` (specs/engines/tgi.md B.3). `version` is required: it is the engine version. `max_input_length` is the name before
 * v2.1; `model_dtype` is gone since v2.3, so nothing depends on it.
 */
export const tgiInfoSchema = z.looseObject({
  model_id: z.string().min(1),
  model_sha: z.string().nullish(),
  model_pipeline_tag: z.string().nullish(),
  model_dtype: z.string().nullish(),
  max_concurrent_requests: z.number().int().positive().optional(),
  max_best_of: z.number().int().optional(),
  max_stop_sequences: z.number().int().nonnegative().optional(),
  max_input_tokens: z.number().int().positive().optional(),
  max_input_length: z.number().int().positive().optional(),
  max_total_tokens: z.number().int().positive().optional(),
  router: z.string().optional(),
  version: z.string().min(1),
  sha: z.string().nullish(),
  docker_label: z.string().nullish(),
});

/** A parsed `/info` answer. */
export type TgiInfo = z.infer<typeof tgiInfoSchema>;

/** `POST /tokenize`: a bare JSON array of `SimpleToken` (specs/engines/tgi.md B.4). */
export const tgiTokenizeResponseSchema = z.array(
  z.looseObject({ id: z.number().int(), text: z.string().optional() }),
);

/** `POST /chat_tokenize`: the tokens and the templated text (specs/engines/tgi.md B.4). */
export const tgiChatTokenizeResponseSchema = z.looseObject({
  tokenize_response: z.array(z.looseObject({ id: z.number().int() })),
  templated_text: z.string(),
});
