import type { ChatMessage } from '@orch/adapter-api';
import type { OpenAiResponseFormat } from '@orch/adapter-utils';
import { z } from 'zod';

// Payloads this adapter sends and the few it reads besides the shared OpenAI wire format (stream chunks,
// error bodies, model list: `@orch/adapter-utils`).

/** Fields both generation routes take. */
export interface OpenAiSamplingFields {
  model: string;
  stream: true;
  /** `include_usage` makes the server send a final usage chunk (token counts), specs/engines/vllm.md A.4 / specs/engines/llamacpp.md D.3. */
  stream_options?: { include_usage: true };
  /** OpenAI's best-effort determinism; llama-server and vLLM honour it per request. */
  seed: number;
  temperature?: number;
  top_p?: number;
  /** Sent with the sampler profile (ORCH-DET-021). */
  presence_penalty?: number;
  /** Sent with the sampler profile (ORCH-DET-021). */
  frequency_penalty?: number;
  stop?: string[];
  /** Not OpenAI: sent only with `extendedSampling` (llama-server, vLLM, LM Studio take it). */
  top_k?: number;
  /** Not OpenAI: sent only with `extendedSampling`. */
  min_p?: number;
  /** Structured output (OpenAI's shape; vLLM takes it on both routes, llama-server on the chat route). */
  response_format?: OpenAiResponseFormat;
  /** Extra fields from the `extraBody` setting (e.g. llama-server's `cache_prompt`). */
  [extra: string]: unknown;
}

/** Body of `POST /v1/completions`. */
export interface OpenAiCompletionRequest extends OpenAiSamplingFields {
  prompt: string;
  max_tokens: number;
}

/** Body of `POST /v1/chat/completions`; the token limit is `max_tokens` or `max_completion_tokens`. */
export interface OpenAiChatCompletionRequest extends OpenAiSamplingFields {
  messages: ChatMessage[];
}

/**
 * A `/tokenize` answer of either server that has one: vLLM `{count, tokens, max_model_len}` (specs/engines/vllm.md A.7),
 * llama-server `{tokens}` (specs/engines/llamacpp.md D.4).
 */
export const openAiTokenizeResponseSchema = z.looseObject({
  count: z.number().int().nonnegative().nullish(),
  tokens: z.array(z.unknown()).nullish(),
});
