import { z } from 'zod';
import {
  type EngineErrorBodyParser,
  type EngineErrorDetails,
  parseCommonErrorBody,
} from '../engine-error-details.js';

const codeSchema = z.union([z.string(), z.number()]).nullish();

const errorFields = {
  message: z.string(),
  type: z.string().nullish(),
  param: z.string().nullish(),
  code: codeSchema,
  /** TGI's chat route puts the status here (specs/engines/cross-engine.md E.3). */
  http_status_code: z.number().int().nullish(),
};

/**
 * The nested error body: OpenAI, vLLM ≥ 0.10.1 (specs/engines/vllm.md A.6), llama-server (specs/engines/llamacpp.md D.5), and every in-stream error event
 * (specs/engines/vllm.md A.1, specs/engines/cross-engine.md E.3): `{"error":{"message","type","param","code"}}`. vLLM and llama.cpp put the HTTP status in `code`;
 * OpenAI puts a string there (`context_length_exceeded`, `invalid_api_key`) or null.
 */
export const openAiNestedErrorSchema = z.object({ error: z.looseObject(errorFields) });

/** The flat error body of vLLM before 0.10.1 (specs/engines/vllm.md A.6): `{"object":"error","message","type","param","code"}`. */
export const openAiFlatErrorSchema = z.looseObject({ object: z.literal('error'), ...errorFields });

/** An OpenAI-style error in either shape. */
export const openAiErrorBodySchema = z.union([
  openAiNestedErrorSchema.transform((body) => body.error),
  openAiFlatErrorSchema,
]);

/** What an OpenAI-style error says, whichever shape carried it. */
export interface OpenAiErrorDetails {
  /** The server's message. */
  message: string;
  /** The error type (`BadRequestError`, `invalid_request_error`, `NotFoundError`…). */
  type?: string;
  /** The offending request parameter (`model`, `max_tokens`, `input_tokens`…). */
  param?: string;
  /** OpenAI's string code (`context_length_exceeded`), when the code is not a status. */
  code?: string;
  /** The HTTP status the body itself carries (vLLM/llama.cpp numeric `code`, TGI `http_status_code`). */
  status?: number;
}

function isHttpStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599;
}

/** Reads a validated error object of either shape into {@link OpenAiErrorDetails}. */
export function readOpenAiError(error: z.infer<typeof openAiErrorBodySchema>): OpenAiErrorDetails {
  const details: OpenAiErrorDetails = { message: error.message };
  if (typeof error.type === 'string' && error.type.length > 0) details.type = error.type;
  if (typeof error.param === 'string' && error.param.length > 0) details.param = error.param;
  if (typeof error.code === 'string' && error.code.length > 0) details.code = error.code;
  const status = isHttpStatus(error.code) ? error.code : (error.http_status_code ?? undefined);
  if (isHttpStatus(status)) details.status = status;
  return details;
}

/** The shared error-details view of an OpenAI error: a string code wins over the type as `engineCode`. */
export function toEngineErrorDetails(error: OpenAiErrorDetails): EngineErrorDetails {
  const details: EngineErrorDetails = { message: error.message };
  const engineCode = error.code ?? error.type;
  if (engineCode !== undefined) details.engineCode = engineCode;
  if (error.status !== undefined) details.status = error.status;
  return details;
}

/**
 * Reads an OpenAI-compatible server's error body: the nested and the flat shape first, then the other shapes
 * such servers put in front of them (`{"error":"Unauthorized"}` from auth middleware, FastAPI's
 * `{"detail":…}`) through `parseCommonErrorBody`. `undefined` for anything else (an HTML page from a proxy).
 */
export const parseOpenAiErrorBody: EngineErrorBodyParser = (bodyText) => {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const result = openAiErrorBodySchema.safeParse(json);
  if (result.success) return toEngineErrorDetails(readOpenAiError(result.data));
  return parseCommonErrorBody(bodyText);
};
