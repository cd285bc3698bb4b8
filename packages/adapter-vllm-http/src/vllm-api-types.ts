import type { ChatMessage } from '@orch/adapter-api';
import type { OpenAiResponseFormat } from '@orch/adapter-utils';
import { z } from 'zod';

// Payloads of vLLM's OpenAI-compatible server that only this adapter reads (specs/engines/vllm.md). The
// stream chunks, error bodies and model list are the shared OpenAI wire format (`@orch/adapter-utils`).

/** Sampling fields both routes take (specs/engines/vllm.md A.5). */
export interface VllmSamplingFields {
  model: string;
  max_tokens: number;
  /** Per-request seed: `SamplingParams(seed=…)` (specs/engines/vllm.md A.5, specs/engines/cross-engine.md E.6). */
  seed: number;
  stream: true;
  /** Without it no usage chunk is sent, so token counts would be unknown (specs/engines/vllm.md A.4). */
  stream_options: { include_usage: true };
  // The sampler profile (ORCH-DET-021): every sampling parameter vLLM has is sent, so that neither the
  // model's generation_config.json nor the OpenAI defaults reach an answer (specs/engines/vllm.md A.5).
  temperature: number;
  top_p: number;
  /** `-1` disables top-k on every vLLM release (0 is refused by older ones). */
  top_k: number;
  min_p: number;
  repetition_penalty: number;
  presence_penalty: number;
  frequency_penalty: number;
  stop?: string[];
  /**
   * Structured output, on both routes: `json_schema` (schema under `json_schema.schema`) or `json_object`.
   * Stable across releases, unlike `guided_json` (removed in v0.12) and `structured_outputs` (newer only).
   */
  response_format?: OpenAiResponseFormat;
}

/** Body of `POST /v1/completions` as this adapter sends it (specs/engines/vllm.md A.2, A.5). */
export interface VllmCompletionRequest extends VllmSamplingFields {
  prompt: string;
}

/** Body of `POST /v1/chat/completions` as this adapter sends it (specs/engines/vllm.md A.3, A.5). */
export interface VllmChatCompletionRequest extends VllmSamplingFields {
  messages: ChatMessage[];
}

/** `GET /version` (specs/engines/vllm.md A.7). */
export const vllmVersionSchema = z.looseObject({ version: z.string().min(1) });

/**
 * `POST /tokenize`, prompt or chat form (specs/engines/vllm.md A.7): `count` is the number of prompt tokens. OpenAI-compatible
 * servers that share the route (llama-server, specs/engines/llamacpp.md D.3) answer `tokens` only; one of the two must be there.
 */
export const vllmTokenizeResponseSchema = z
  .looseObject({
    count: z.number().int().nonnegative().optional(),
    max_model_len: z.number().int().positive().nullish(),
    tokens: z.array(z.unknown()).nullish(),
  })
  .refine((answer) => answer.count !== undefined || Array.isArray(answer.tokens), {
    message: 'expected "count" or a "tokens" array',
  })
  .transform((answer) => ({ ...answer, count: answer.count ?? answer.tokens?.length ?? 0 }));
