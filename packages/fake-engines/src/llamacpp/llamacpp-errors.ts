import type { ServerResponse } from 'node:http';
import { sendJson } from '../core/http-responses.js';

/** An error in llama-server's shape `{"error":{code,message,type}}` (specs/engines/llamacpp.md D.5). */
export interface LlamaCppError {
  /** HTTP status, repeated as `code`. */
  code: number;
  /** Message. */
  message: string;
  /** `invalid_request_error`, `server_error`, `unavailable_error`, … */
  type: string;
  /** Extra fields (`n_prompt_tokens`, `n_ctx` for `exceed_context_size_error`). */
  extra?: Record<string, unknown>;
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  500: 'server_error',
  501: 'not_supported_error',
  503: 'unavailable_error',
};

/** An error with the type llama-server uses for that status (server_error for anything unlisted). */
export function llamaCppError(code: number, message: string, type?: string): LlamaCppError {
  return { code, message, type: type ?? TYPE_BY_STATUS[code] ?? 'server_error' };
}

/** The error JSON (`{"error":{…}}`). */
export function llamaCppErrorPayload(error: LlamaCppError): string {
  return JSON.stringify({
    error: { code: error.code, message: error.message, type: error.type, ...error.extra },
  });
}

/** The error as an HTTP response with status equal to `code`. */
export function sendLlamaCppError(response: ServerResponse, error: LlamaCppError): void {
  sendJson(response, error.code, JSON.parse(llamaCppErrorPayload(error)), { server: 'llama.cpp' });
}

/** The 503 every route answers while the model loads (specs/engines/llamacpp.md D.4). */
export const LOADING_ERROR = llamaCppError(503, 'Loading model', 'unavailable_error');
