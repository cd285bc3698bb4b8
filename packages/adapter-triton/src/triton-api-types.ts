import { z } from 'zod';

// Schemas of every Triton / TensorRT-LLM payload the adapter reads (specs/engines/triton.md). Objects are
// loose: responses carry every output tensor and response parameter of the model, in alphabetical order.

/** The two names the TensorRT-LLM ensemble has used for its seed input (specs/engines/triton.md C.2, specs/engines/cross-engine.md E.6). */
export type TritonSeedInputName = 'seed' | 'random_seed';

/**
 * Body of `POST /v2/models/{m}/generate_stream` for a TensorRT-LLM ensemble or BLS model (specs/engines/triton.md C.1, C.2). Keys that
 * match an input name become input tensors; any other key becomes a request parameter (not rejected).
 */
export interface TritonGenerateRequest {
  /** Echoed in every response; Triton uses it as the request id in its logs. */
  id: string;
  text_input: string;
  max_tokens: number;
  /** Needs `decoupled` mode on the model (specs/engines/triton.md C.2); without it the answer is one response. */
  stream: true;
  /** `false` (the default) puts the prompt in front of the output. */
  exclude_input_in_output: true;
  // The sampler profile (ORCH-DET-021): every sampling input the ensemble has, always sent, so that the
  // inputs' defaults in the model config never reach an answer.
  temperature: number;
  top_k: number;
  top_p: number;
  repetition_penalty: number;
  presence_penalty: number;
  frequency_penalty: number;
  /** 1: sampling, never beam search. */
  beam_width: 1;
  stop_words?: string[];
  /** Guided decoding (specs/engines/triton.md C.2), only where the deployment has it configured: `json_schema` for structured output. */
  guided_decoding_guide_type?: 'json_schema';
  /** The JSON Schema, serialised (the input is a string tensor). */
  guided_decoding_guide?: string;
  /** The seed, under the input name of this ensemble's version (`seed` or `random_seed`). */
  seed?: number;
  random_seed?: number;
}

const tensorText = z.union([z.string(), z.array(z.string())]);

/**
 * One response of the stream: output tensors (single-element tensors unwrapped to scalars) and response
 * parameters. `text_output` is the decoded output of this step (or the text so far with `accumulate_tokens`);
 * `is_final` only exists on newer TensorRT-LLM builds, as a bool or a 0/1 number.
 */
export const tritonResponseSchema = z.looseObject({
  model_name: z.string().optional(),
  model_version: z.string().optional(),
  id: z.string().optional(),
  text_output: tensorText.optional(),
  is_final: z.union([z.boolean(), z.number()]).optional(),
});

/** A parsed response. */
export type TritonResponse = z.infer<typeof tritonResponseSchema>;

/** The error body (before streaming) and the error event after a 200 start: `{"error":"…"}` (specs/engines/triton.md C.1). */
export const tritonErrorBodySchema = z.looseObject({ error: z.string() });

/** Any `data:` event of `generate_stream`, tagged by `kind`. */
export const tritonStreamEventSchema = z.union([
  tritonErrorBodySchema.transform((body) => ({ kind: 'error' as const, message: body.error })),
  tritonResponseSchema.transform((response) => ({ kind: 'response' as const, response })),
]);

/** `GET /v2`: server metadata (specs/engines/triton.md C.3). `version` is required: it is the engine version. */
export const tritonServerMetadataSchema = z.looseObject({
  name: z.string().optional(),
  version: z.string().min(1),
  extensions: z.array(z.string()).optional(),
});

/** A parsed `GET /v2` answer. */
export type TritonServerMetadata = z.infer<typeof tritonServerMetadataSchema>;

/** `GET /v2/models/{m}/config`: the JSON form of `ModelConfig` (specs/engines/triton.md C.3), the fields this adapter reads. */
export const tritonModelConfigSchema = z.looseObject({
  name: z.string().optional(),
  platform: z.string().optional(),
  backend: z.string().optional(),
  max_batch_size: z.number().int().nonnegative().optional(),
  input: z.array(z.looseObject({ name: z.string() })).optional(),
  model_transaction_policy: z.looseObject({ decoupled: z.boolean().optional() }).optional(),
  /** Model parameters (`tensorrt_llm_bls` reads `accumulate_tokens` here), each `{string_value}`. */
  parameters: z.record(z.string(), z.looseObject({ string_value: z.string().optional() })).optional(),
});

/** A parsed model configuration. */
export type TritonModelConfig = z.infer<typeof tritonModelConfigSchema>;
