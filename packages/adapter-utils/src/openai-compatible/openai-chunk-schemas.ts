import { z } from 'zod';

// Schemas of the OpenAI wire format as the OpenAI-compatible servers write it (specs/engines/vllm.md A.2–A.4 for vLLM,
// specs/engines/llamacpp.md D.3 for llama-server). Objects are loose and most fields nullish: vLLM serialises with `exclude_unset`
// (fields may be missing) while older releases wrote `"usage": null` on every chunk (specs/engines/vllm.md A.1).

const count = z.number().int().nonnegative();

/** `usage` of a final chunk (or of every chunk with `continuous_usage_stats`); absent counts stay absent. */
export const openAiUsageSchema = z.looseObject({
  prompt_tokens: count.nullish(),
  completion_tokens: count.nullish(),
  total_tokens: count.nullish(),
});

/** A parsed `usage` object. */
export type OpenAiUsage = z.infer<typeof openAiUsageSchema>;

/** llama-server's `timings` on the final OAI chunk (specs/engines/llamacpp.md D.3): engine-side decode time, in milliseconds. */
export const openAiTimingsSchema = z.looseObject({
  prompt_n: z.number().int().nullish(),
  prompt_ms: z.number().nullish(),
  predicted_n: z.number().int().nullish(),
  predicted_ms: z.number().nullish(),
});

/** A parsed `timings` object. */
export type OpenAiTimings = z.infer<typeof openAiTimingsSchema>;

/** `finish_reason` is null until the choice's last chunk. */
const finishReasonSchema = z.string().nullish();
/** vLLM's `stop_reason`: the matched stop string, or the stop token id; null on EOS (specs/engines/vllm.md A.2). */
const stopReasonSchema = z.union([z.string(), z.number()]).nullish();

/** One choice of a `/v1/completions` chunk: `text` is the delta. */
export const openAiCompletionChoiceSchema = z.looseObject({
  index: z.number().int().nullish(),
  text: z.string().nullish(),
  finish_reason: finishReasonSchema,
  stop_reason: stopReasonSchema,
});

/** `delta` of a chat chunk: the first carries the role, later ones `content` (null on llama-server's first). */
export const openAiChatDeltaSchema = z.looseObject({
  role: z.string().nullish(),
  content: z.string().nullish(),
});

/** One choice of a `/v1/chat/completions` chunk. */
export const openAiChatChoiceSchema = z.looseObject({
  index: z.number().int().nullish(),
  delta: openAiChatDeltaSchema.nullish(),
  finish_reason: finishReasonSchema,
  stop_reason: stopReasonSchema,
});

const chunkFields = {
  id: z.string().nullish(),
  model: z.string().nullish(),
  /** The build (llama-server `b<num>-<hash>`) or backend configuration (OpenAI `fp_…`) that answered. */
  system_fingerprint: z.string().nullish(),
  usage: openAiUsageSchema.nullish(),
  timings: openAiTimingsSchema.nullish(),
};

/** A streamed `/v1/completions` chunk (`object: "text_completion"`). `choices: []` on the usage chunk (specs/engines/vllm.md A.4). */
export const openAiCompletionChunkSchema = z.looseObject({
  ...chunkFields,
  choices: z.array(openAiCompletionChoiceSchema),
});

/** A streamed `/v1/chat/completions` chunk (`object: "chat.completion.chunk"`). */
export const openAiChatChunkSchema = z.looseObject({
  ...chunkFields,
  choices: z.array(openAiChatChoiceSchema),
});

/** One choice of a chunk of either route, with its delta text in one place. */
export interface OpenAiStreamChoice {
  /** Choice index; absent counts as 0. */
  index: number;
  /** The delta text: completion `text`, or chat `delta.content` (empty when null or missing). */
  text: string;
  /** `finish_reason`, null until the choice's last chunk. */
  finish_reason: string | null;
  /** vLLM's `stop_reason` (matched stop string or token id), when sent. */
  stop_reason: string | number | null;
}

/** A completion or chat chunk, as far as the stream translator is concerned. */
export interface OpenAiStreamChunk {
  /** The build or backend configuration that answered, when the server says. */
  system_fingerprint: string | null;
  /** Token counts, on the final (or usage) chunk. */
  usage: OpenAiUsage | null;
  /** llama-server's timings, on the final chunk. */
  timings: OpenAiTimings | null;
  /** The choices (empty on the usage chunk). */
  choices: OpenAiStreamChoice[];
}

type ParsedChunk = z.infer<typeof openAiCompletionChunkSchema> | z.infer<typeof openAiChatChunkSchema>;

function normaliseChunk(chunk: ParsedChunk, choices: OpenAiStreamChoice[]): OpenAiStreamChunk {
  return {
    system_fingerprint: chunk.system_fingerprint ?? null,
    usage: chunk.usage ?? null,
    timings: chunk.timings ?? null,
    choices,
  };
}

/** A `/v1/completions` chunk, normalised. */
export const openAiCompletionStreamChunkSchema = openAiCompletionChunkSchema.transform((chunk) =>
  normaliseChunk(
    chunk,
    chunk.choices.map((choice) => ({
      index: choice.index ?? 0,
      text: choice.text ?? '',
      finish_reason: choice.finish_reason ?? null,
      stop_reason: choice.stop_reason ?? null,
    })),
  ),
);

/** A `/v1/chat/completions` chunk, normalised. */
export const openAiChatStreamChunkSchema = openAiChatChunkSchema.transform((chunk) =>
  normaliseChunk(
    chunk,
    chunk.choices.map((choice) => ({
      index: choice.index ?? 0,
      text: choice.delta?.content ?? '',
      finish_reason: choice.finish_reason ?? null,
      stop_reason: choice.stop_reason ?? null,
    })),
  ),
);

/** Which OpenAI route a stream comes from: `completion` (`/v1/completions`) or `chat` (`/v1/chat/completions`). */
export type OpenAiRoute = 'completion' | 'chat';
