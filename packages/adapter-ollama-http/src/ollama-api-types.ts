import type { LlamaSamplerOptions } from '@orch/adapter-utils';
import { z } from 'zod';

// Schemas of every Ollama payload the adapter reads (specs/engines/ollama.md). Objects are loose: Ollama adds
// fields release after release (`context_length` in /api/ps, `capabilities` in /api/show…).

/**
 * `options` of a generate or chat request, as this adapter sends them (F). The sampler profile
 * (ORCH-DET-021) comes whole through LlamaSamplerOptions, always sent, so that neither the Modelfile's
 * PARAMETERs nor Ollama's defaults reach an answer.
 */
export interface OllamaOptions extends LlamaSamplerOptions {
  seed: number;
  /** The token budget (`max_tokens`); -1 would mean "until the context is full". */
  num_predict: number;
  stop?: string[];
  /** Context window of the runner; Ollama's default is version-dependent (2048 or 4096). */
  num_ctx?: number;
}

/** Fields both streaming routes share. */
interface OllamaRequestBase {
  model: string;
  stream: true;
  options: OllamaOptions;
  /** Structured output (F): `"json"` for any JSON, or a JSON Schema object. */
  format?: 'json' | Record<string, unknown>;
  /** How long the model stays loaded after the request (`5m` by default, `-1` forever, `0` unload now). */
  keep_alive?: string | number;
}

/** `POST /api/generate`: the prompt as it is, `raw: true` so that no model template wraps it (F). */
export interface OllamaGenerateRequest extends OllamaRequestBase {
  prompt: string;
  raw: true;
}

/** `POST /api/chat`: the model's own template is applied by Ollama. */
export interface OllamaChatRequest extends OllamaRequestBase {
  messages: { role: string; content: string }[];
}

/** A request to either route, with the path it goes to. */
export type OllamaRequest =
  | { path: '/api/generate'; body: OllamaGenerateRequest }
  | { path: '/api/chat'; body: OllamaChatRequest };

const count = z.number().int().nonnegative();

/**
 * One NDJSON line of a streamed answer: `response` (generate) or `message.content` (chat) is the new text; the
 * last line has `done: true`, `done_reason` and the counts and durations (nanoseconds).
 */
export const ollamaStreamLineSchema = z.looseObject({
  model: z.string().optional(),
  created_at: z.string().optional(),
  response: z.string().optional(),
  message: z.looseObject({ role: z.string().optional(), content: z.string().optional() }).optional(),
  done: z.boolean(),
  done_reason: z.string().optional(),
  total_duration: count.optional(),
  load_duration: count.optional(),
  prompt_eval_count: count.optional(),
  prompt_eval_duration: count.optional(),
  eval_count: count.optional(),
  eval_duration: count.optional(),
});

/** A parsed stream line. */
export type OllamaStreamLine = z.infer<typeof ollamaStreamLineSchema>;

/** The error body, before streaming (with a status) and as a line inside a stream: `{"error":"…"}` (F). */
export const ollamaErrorBodySchema = z.looseObject({ error: z.string() });

/** Any line of a stream, tagged by `kind`. */
export const ollamaStreamEventSchema = z.union([
  ollamaErrorBodySchema.transform((body) => ({ kind: 'error' as const, message: body.error })),
  ollamaStreamLineSchema.transform((line) => ({ kind: 'line' as const, line })),
]);

/** `GET /api/version`. */
export const ollamaVersionSchema = z.looseObject({ version: z.string().min(1) });

const modelDetailsSchema = z.looseObject({
  format: z.string().optional(),
  family: z.string().optional(),
  parameter_size: z.string().optional(),
  quantization_level: z.string().optional(),
});

/** `GET /api/tags`: the pulled models, each with its sha256 digest. */
export const ollamaTagsSchema = z.looseObject({
  models: z.array(
    z.looseObject({
      name: z.string(),
      model: z.string().optional(),
      digest: z.string().optional(),
      size: z.number().optional(),
      details: modelDetailsSchema.optional(),
    }),
  ),
});

/** A parsed `/api/tags` answer. */
export type OllamaTags = z.infer<typeof ollamaTagsSchema>;

/** `GET /api/ps`: the models loaded now. `context_length` only on newer Ollama. */
export const ollamaPsSchema = z.looseObject({
  models: z.array(
    z.looseObject({
      name: z.string(),
      model: z.string().optional(),
      digest: z.string().optional(),
      expires_at: z.string().optional(),
      size_vram: z.number().optional(),
      context_length: z.number().int().positive().optional(),
    }),
  ),
});

/** A parsed `/api/ps` answer. */
export type OllamaPs = z.infer<typeof ollamaPsSchema>;
