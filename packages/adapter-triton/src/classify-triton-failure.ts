import type { TaskError } from '@orch/adapter-api';
import {
  type EngineClient,
  type EngineFailureClassifier,
  type EngineHttpFailure,
  mapEngineHttpError,
} from '@orch/adapter-utils';

/** Triton's words for a model that is still loading (or unloading): it answers 400, not 503 (specs/engines/triton.md C.3, specs/engines/cross-engine.md E.11). */
const NOT_READY = /has no available versions|version not ready|is not ready|not ready yet|is unavailable/i;
/** TensorRT-LLM's words for a prompt longer than the engine was built for. */
const TOO_LONG =
  /exceeds? (?:the )?max(?:imum)? (?:input|sequence|tokens?) length|max_input_len|max_seq_len/i;

/**
 * Triton errors in the taxonomy (specs/engines/triton.md C.1 maps INVALID_ARG, UNKNOWN, ALREADY_EXISTS and CANCELLED alike to 400):
 * a model that has no ready version → `engine_unavailable` (retriable: it is loading), a prompt over the
 * engine's built length → `context_length_exceeded`; other statuses keep the default mapping (400/404 →
 * `engine_rejected`, 503 → `engine_unavailable`, 500 → `engine_error`).
 */
export const classifyTritonFailure: EngineFailureClassifier = (failure: EngineHttpFailure) => {
  const message = failure.details?.message ?? failure.bodyText;
  if (failure.status >= 400 && failure.status <= 499) {
    if (NOT_READY.test(message)) return 'engine_unavailable';
    if (TOO_LONG.test(message)) return 'context_length_exceeded';
  }
  return undefined;
};

/**
 * An `{"error":"…"}` event after a 200 start (specs/engines/triton.md C.1: the status came from the first response): a failure of
 * the backend during generation, so `engine_error` (retriable).
 */
export function mapTritonStreamError(client: EngineClient, message: string, rawEvent: string): TaskError {
  return mapEngineHttpError(
    { engine: client.engine, replica: client.replica, status: 500, bodyText: rawEvent, details: { message } },
    { secrets: client.secrets, origin: 'stream' },
  );
}
