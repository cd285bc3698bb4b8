import type { ChatMessage } from '@orch/adapter-api';
import { z } from 'zod';

// Payloads of vLLM's OpenAI-compatible server that only this adapter reads (PROTOCOLS.md section A). The
// stream chunks, error bodies and model list are the shared OpenAI wire format (`@orch/adapter-utils`).

/** Sampling fields both routes take (A.5). */
export interface VllmSamplingFields {
  model: string;
  max_tokens: number;
  /** Per-request seed: `SamplingParams(seed=…)` (A.5, E.6). */
  seed: number;
  stream: true;
  /** Without it no usage chunk is sent, so token counts would be unknown (A.4). */
  stream_options: { include_usage: true };
  temperature?: number;
  top_p?: number;
  /** `-1` disables top-k on every vLLM release (0 is refused by older ones). */
  top_k?: number;
  min_p?: number;
  stop?: string[];
}

/** Body of `POST /v1/completions` as this adapter sends it (A.2, A.5). */
export interface VllmCompletionRequest extends VllmSamplingFields {
  prompt: string;
}

/** Body of `POST /v1/chat/completions` as this adapter sends it (A.3, A.5). */
export interface VllmChatCompletionRequest extends VllmSamplingFields {
  messages: ChatMessage[];
}

/** `GET /version` (A.7). */
export const vllmVersionSchema = z.looseObject({ version: z.string().min(1) });

/** `POST /tokenize`, prompt or chat form (A.7): `count` is the number of prompt tokens. */
export const vllmTokenizeResponseSchema = z.looseObject({
  count: z.number().int().nonnegative(),
  max_model_len: z.number().int().positive().nullish(),
  tokens: z.array(z.number().int()).nullish(),
});
