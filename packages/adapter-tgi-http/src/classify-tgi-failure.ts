import type { TaskError } from '@orch/adapter-api';
import {
  type EngineClient,
  type EngineFailureClassifier,
  type EngineHttpFailure,
  isContextLengthFailure,
  mapEngineHttpError,
} from '@orch/adapter-utils';
import type { TgiErrorBody } from './tgi-api-types.js';

/** The HTTP status TGI gives each `error_type` when it answers with a status instead of a stream event (specs/engines/tgi.md B.2). */
const STATUS_BY_ERROR_TYPE: Readonly<Record<string, number>> = {
  validation: 422,
  template_error: 422,
  missing_template_variable: 422,
  tool_error: 422,
  generation: 424,
  overloaded: 429,
  incomplete_generation: 500,
  incomplete_generation_stream: 500,
  stream_serialization_error: 500,
  healthcheck: 503,
};

const ENGINE_SIDE_TYPES = new Set([
  'generation',
  'incomplete_generation',
  'incomplete_generation_stream',
  'stream_serialization_error',
]);

/** TGI's wording when the prompt alone is over `max_input_tokens` (validation.rs). */
const INPUT_TOO_LONG = /`inputs` must have less than \d+ tokens/;

/** The status TGI uses for an `error_type`; 500 for types this adapter does not know. */
export function statusOfTgiErrorType(errorType: string | undefined): number {
  return (errorType === undefined ? undefined : STATUS_BY_ERROR_TYPE[errorType]) ?? 500;
}

/**
 * TGI's error types in the taxonomy (specs/engines/tgi.md B.2): `overloaded` → `engine_overloaded` (retriable), `generation` and
 * the incomplete-stream kinds → `engine_error` (retriable: the shard failed, not the request), `validation`
 * → `context_length_exceeded` when the prompt does not fit, else `engine_rejected` (not retriable). Other
 * types keep the status-based mapping.
 */
export const classifyTgiFailure: EngineFailureClassifier = (failure: EngineHttpFailure) => {
  const errorType = failure.details?.engineCode;
  if (errorType === 'overloaded') return 'engine_overloaded';
  if (errorType !== undefined && ENGINE_SIDE_TYPES.has(errorType)) return 'engine_error';
  if (errorType === 'validation') {
    const message = failure.details?.message ?? failure.bodyText;
    return isContextLengthFailure(failure) || INPUT_TOO_LONG.test(message)
      ? 'context_length_exceeded'
      : 'engine_rejected';
  }
  return undefined;
};

/** Turns an error event of a 200 `/generate_stream` answer into a TaskError (specs/engines/tgi.md B.2: every kind arrives there). */
export function mapTgiStreamError(client: EngineClient, error: TgiErrorBody, rawEvent: string): TaskError {
  return mapEngineHttpError(
    {
      engine: client.engine,
      replica: client.replica,
      status: statusOfTgiErrorType(error.error_type),
      bodyText: rawEvent,
      details: {
        message: error.error,
        ...(error.error_type === undefined ? {} : { engineCode: error.error_type }),
      },
    },
    { secrets: client.secrets, classifyFailure: classifyTgiFailure, origin: 'stream' },
  );
}
