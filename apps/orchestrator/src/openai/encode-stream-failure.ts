import type { TaskError } from '@orch/adapter-api';
import { encodeSseData, SSE_DONE } from './encode-sse-data.js';
import { createOpenAiErrorEnvelope } from './openai-error-envelope.js';

/**
 * A failure after a chat or text completion stream started: `data: {"error": …}` then `[DONE]`, the
 * convention that makes the official SDK and LangChain throw and the AI SDK report an error part.
 */
export function encodeStreamFailure(failure: TaskError): string {
  return encodeSseData(JSON.stringify(createOpenAiErrorEnvelope(failure))) + SSE_DONE;
}
