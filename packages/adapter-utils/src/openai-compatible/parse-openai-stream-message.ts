import { z } from 'zod';
import type { EngineClient } from '../engine-client.js';
import {
  type OpenAiRoute,
  type OpenAiStreamChunk,
  openAiChatStreamChunkSchema,
  openAiCompletionStreamChunkSchema,
} from './openai-chunk-schemas.js';
import { type OpenAiErrorDetails, openAiErrorBodySchema, readOpenAiError } from './openai-error-body.js';

/** One `data:` message of an OpenAI-compatible stream, classified. */
export type OpenAiStreamMessage =
  | { kind: 'done' }
  | { kind: 'error'; error: OpenAiErrorDetails }
  | { kind: 'chunk'; chunk: OpenAiStreamChunk };

/** The end-of-stream sentinel of the OpenAI routes (specs/engines/vllm.md A.1, specs/engines/llamacpp.md D.1). */
export const OPENAI_DONE_SENTINEL = '[DONE]';

const streamSchemas = {
  completion: z.union([
    openAiErrorBodySchema.transform((error) => ({ kind: 'error' as const, error: readOpenAiError(error) })),
    openAiCompletionStreamChunkSchema.transform((chunk) => ({ kind: 'chunk' as const, chunk })),
  ]),
  chat: z.union([
    openAiErrorBodySchema.transform((error) => ({ kind: 'error' as const, error: readOpenAiError(error) })),
    openAiChatStreamChunkSchema.transform((chunk) => ({ kind: 'chunk' as const, chunk })),
  ]),
};

/**
 * Classifies one `data:` message: `[DONE]`, an error event (nested or flat shape: vLLM sends one inside a
 * 200 stream, then `[DONE]`, specs/engines/vllm.md A.1; llama-server sends one and closes, specs/engines/llamacpp.md D.1), or a chunk of the route's shape.
 * Anything else throws `engine_protocol_error` naming the route.
 */
export function parseOpenAiStreamMessage(
  client: EngineClient,
  data: string,
  route: OpenAiRoute,
): OpenAiStreamMessage {
  if (data.trim() === OPENAI_DONE_SENTINEL) return { kind: 'done' };
  const what = route === 'chat' ? '/v1/chat/completions stream event' : '/v1/completions stream event';
  return client.parseJson<OpenAiStreamMessage>(streamSchemas[route], data, what);
}
