import type { ServerResponse } from 'node:http';
import { sendJson } from '../core/http-responses.js';
import type { VllmFakeOptions } from './vllm-fake-options.js';

/** A vLLM error before it is rendered in the nested or flat style. */
export interface VllmError {
  /** Message. */
  message: string;
  /** Exception-like type name (`BadRequestError`, `NotFoundError`, …). */
  type: string;
  /** Offending parameter, or null. */
  param: string | null;
  /** HTTP status, repeated as `code`. */
  code: number;
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  404: 'NotFoundError',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
  501: 'NotImplementedError',
  503: 'ServiceUnavailableError',
};

const MESSAGE_BY_STATUS: Record<number, string> = {
  429: 'Too many requests',
  500: 'Internal server error',
  501: 'Not implemented',
  503: 'Service Unavailable',
};

/** Builds a vLLM error for a status, with the type vLLM's `create_error_response` would give it (specs/engines/vllm.md A.6). */
export function vllmError(code: number, message?: string, param: string | null = null): VllmError {
  return {
    message: message ?? MESSAGE_BY_STATUS[code] ?? 'Error',
    type: TYPE_BY_STATUS[code] ?? (code >= 500 ? 'InternalServerError' : 'BadRequestError'),
    param,
    code,
  };
}

/** The error object in the configured style: nested inner object or flat `{"object":"error",…}` (specs/engines/vllm.md A.6). */
function errorObject(error: VllmError, options: VllmFakeOptions): Record<string, unknown> {
  return options.errorBodyStyle === 'flat'
    ? { object: 'error', message: error.message, type: error.type, param: error.param, code: error.code }
    : { message: error.message, type: error.type, param: error.param, code: error.code };
}

/** Body of an error response: `{"error":{…}}` (v0.10.1+) or the flat object (older). */
export function vllmErrorBody(error: VllmError, options: VllmFakeOptions): Record<string, unknown> {
  const inner = errorObject(error, options);
  return options.errorBodyStyle === 'flat' ? inner : { error: inner };
}

/** Payload of an error event inside a 200 stream: always `{"error":{…}}` (specs/engines/vllm.md A.1). */
export function vllmStreamErrorPayload(error: VllmError, options: VllmFakeOptions): string {
  return JSON.stringify({ error: errorObject(error, options) });
}

/** Sends an error response with the error's status. */
export function sendVllmError(response: ServerResponse, error: VllmError, options: VllmFakeOptions): void {
  sendJson(response, error.code, vllmErrorBody(error, options), { server: 'uvicorn' });
}
