import { type ErrorCode, type ErrorContext, excerptBody, redactSecrets, TaskError } from '@orch/adapter-api';
import type { EngineErrorBodyParser, EngineErrorDetails } from './engine-error-details.js';

/** An engine's failing HTTP answer (or an error event carrying a status), before it becomes a TaskError. */
export interface EngineHttpFailure {
  /** Engine kind, e.g. `llamacpp`. */
  engine: string;
  /** Replica URL without credentials (see `describeReplica`). */
  replica: string;
  /** HTTP status, or the status an in-stream error event carries. */
  status: number;
  /** The raw body text (redacted before it is stored anywhere). */
  bodyText: string;
  /** What the engine's error body says, when it could be read. */
  details?: EngineErrorDetails;
  /** From the `Retry-After` header, when there was one. */
  retryAfterMs?: number;
}

/**
 * Lets an adapter decide the code of a failure its engine reports in its own way (e.g. TGI's 422 for a prompt
 * that is too long). Returning `undefined` keeps the default mapping of {@link mapEngineHttpError}.
 */
export type EngineFailureClassifier = (failure: EngineHttpFailure) => ErrorCode | undefined;

/** Options of {@link mapEngineHttpError}. */
export interface MapEngineHttpErrorOptions {
  /** Secrets to remove from the message and the body excerpt (API keys). */
  secrets?: readonly string[];
  /** Engine-specific override of the code. */
  classifyFailure?: EngineFailureClassifier | undefined;
  /**
   * `http` (default) for a failing HTTP answer; `stream` for an error event inside a 200 stream, whose
   * `status` is the one the event carries (or 500 when it has none). Only the message wording differs.
   */
  origin?: 'http' | 'stream';
}

const CONTEXT_CODES = new Set(['exceed_context_size_error', 'context_length_exceeded']);
const CONTEXT_MESSAGE =
  /context length|context size|context window|maximum context|exceeds? the (?:available )?context|max_new_tokens` must be <=/i;

/** True when a 4xx failure says the prompt (plus the requested tokens) does not fit the model's context. */
export function isContextLengthFailure(failure: EngineHttpFailure): boolean {
  const { details } = failure;
  if (details?.engineCode !== undefined && CONTEXT_CODES.has(details.engineCode)) return true;
  return CONTEXT_MESSAGE.test(details?.message ?? failure.bodyText);
}

/**
 * The taxonomy's reading of an engine's HTTP status: 429 → `engine_overloaded`, 503 → `engine_unavailable`
 * (loading or draining: retriable), other 5xx → `engine_error`, 4xx → `engine_rejected` or
 * `context_length_exceeded`, anything else (a 1xx/3xx that should not reach here) → `engine_protocol_error`.
 */
export function classifyEngineStatus(failure: EngineHttpFailure): ErrorCode {
  const { status } = failure;
  if (status === 429) return 'engine_overloaded';
  if (status === 503) return 'engine_unavailable';
  if (status >= 500 && status <= 599) return 'engine_error';
  if (status >= 400 && status <= 499) {
    return isContextLengthFailure(failure) ? 'context_length_exceeded' : 'engine_rejected';
  }
  return 'engine_protocol_error';
}

/**
 * Turns an engine's failing answer into a TaskError whose message keeps the engine's own words, with the
 * engine context (engine, replica, status, engine code, redacted body excerpt) attached.
 */
export function mapEngineHttpError(
  failure: EngineHttpFailure,
  options: MapEngineHttpErrorOptions = {},
): TaskError {
  const secrets = options.secrets ?? [];
  const code = options.classifyFailure?.(failure) ?? classifyEngineStatus(failure);
  const engineMessage = failure.details?.message ?? excerptBody(failure.bodyText, 200, secrets);
  const said = engineMessage.length > 0 ? `: ${engineMessage}` : ' with an empty body';
  const what =
    options.origin === 'stream'
      ? `${failure.engine} sent an error event mid-stream (status ${failure.status})`
      : `${failure.engine} answered HTTP ${failure.status}`;
  const message = redactSecrets(`${what}${said}`, secrets);
  const context: ErrorContext = {
    engine: failure.engine,
    replica: failure.replica,
    status: failure.status,
    body: excerptBody(failure.bodyText, 512, secrets),
  };
  if (failure.details?.engineCode !== undefined) context.engine_code = failure.details.engineCode;
  const taskErrorOptions: ConstructorParameters<typeof TaskError>[2] = { context };
  if (failure.retryAfterMs !== undefined) taskErrorOptions.retryAfterMs = failure.retryAfterMs;
  return new TaskError(code, message, taskErrorOptions);
}

/** Reads a failing body with the adapter's parser, then maps it: the usual path for HTTP errors. */
export function mapEngineErrorBody(
  failure: Omit<EngineHttpFailure, 'details'>,
  parseErrorBody: EngineErrorBodyParser | undefined,
  options: MapEngineHttpErrorOptions = {},
): TaskError {
  const details = parseErrorBody?.(failure.bodyText);
  return mapEngineHttpError(details === undefined ? failure : { ...failure, details }, options);
}
