import type { TaskError } from '@orch/adapter-api';
import { OpenAiRequestError } from './openai-request-error.js';

/** The error body every OpenAI-compatible route answers with, and the `error` of an in-stream failure. */
export interface OpenAiErrorEnvelope {
  error: {
    /** Human-readable description. */
    message: string;
    /** The OpenAI error family (`invalid_request_error`, `rate_limit_error`, `server_error`…). */
    type: string;
    /** The body field at fault, when one is; else `null`. */
    param: string | null;
    /** The orchestrator's stable error code (see `ERROR_CODES`). */
    code: string;
  };
}

/** An error answer ready to be written: status, body and headers. */
export interface OpenAiErrorAnswer {
  status: number;
  body: OpenAiErrorEnvelope;
  headers: Record<string, string>;
}

/** How the failure came about, for the retry advice given to clients. */
export interface OpenAiErrorOptions {
  /** The orchestrator already tried other replicas for this task: a client retry would multiply attempts. */
  retriedByOrchestrator?: boolean;
  /** Overrides the param a refusal names (e.g. a native field mapped back to the dialect's field). */
  param?: string | null;
}

/** The OpenAI error family of an HTTP status. */
function errorTypeOf(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The envelope of a failure: used before the stream (as the body) and after it (as the `error` chunk). */
export function createOpenAiErrorEnvelope(error: TaskError, param?: string | null): OpenAiErrorEnvelope {
  const named = param !== undefined ? param : error instanceof OpenAiRequestError ? error.param : null;
  return {
    error: { message: error.message, type: errorTypeOf(error.status), param: named, code: error.code },
  };
}

/**
 * The status the taxonomy gives, the envelope, `Retry-After` when known, and `x-should-retry: false` when a
 * retry by the client cannot help (a non-retriable code) or would repeat what the orchestrator already did
 * (the official SDKs retry 408, 409, 429 and 5xx on their own unless told not to).
 */
export function describeOpenAiError(error: TaskError, options: OpenAiErrorOptions = {}): OpenAiErrorAnswer {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (error.retryAfterMs !== undefined)
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  if (!error.retriable || options.retriedByOrchestrator === true) headers['x-should-retry'] = 'false';
  return { status: error.status, body: createOpenAiErrorEnvelope(error, options.param), headers };
}

/** A JSON error response in the OpenAI dialect. */
export function createOpenAiErrorResponse(error: TaskError, options: OpenAiErrorOptions = {}): Response {
  const answer = describeOpenAiError(error, options);
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
}
