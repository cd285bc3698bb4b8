import {
  type CompletionsRequest,
  completionsRequestSchema,
  TEXT_COMPLETION_UNSUPPORTED_FIELDS,
} from './completions-request-schema.js';
import { convertResponseFormat, mapResponseFormatParam } from './convert-response-format.js';
import type { ConvertedOpenAiRequest } from './converted-openai-request.js';
import { OpenAiRequestError } from './openai-request-error.js';
import { parseOpenAiBody } from './parse-openai-body.js';
import { validateConvertedRequest } from './validate-converted-request.js';

/** The one prompt string of a `prompt` field; batches and token arrays are refused. */
function convertPrompt(prompt: CompletionsRequest['prompt']): string {
  if (typeof prompt === 'string') return prompt;
  if (prompt.length === 1 && typeof prompt[0] === 'string') return prompt[0];
  throw new OpenAiRequestError(
    'prompt',
    'Unsupported prompt: one prompt string per request is supported (no batches, no token arrays).',
  );
}

/** Turns a parsed text completions body into a native task request. */
export function convertCompletionsBody(body: CompletionsRequest): ConvertedOpenAiRequest {
  const paramOf = (nativeField: string) =>
    mapResponseFormatParam(nativeField, 'response_format', true) ?? nativeField;
  const candidate = {
    model: body.model,
    prompt: convertPrompt(body.prompt),
    max_tokens: body.max_tokens,
    temperature: body.temperature,
    top_p: body.top_p,
    top_k: body.top_k,
    min_p: body.min_p,
    seed: body.seed,
    stop: body.stop,
    task_id: body.task_id,
    priority: body.priority,
    deadline_ms: body.deadline_ms,
    determinism: body.determinism,
    response_format: convertResponseFormat(body.response_format),
  };
  const converted: ConvertedOpenAiRequest = {
    task: validateConvertedRequest(candidate, paramOf),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    paramOf,
  };
  const clientUser = body.user ?? body.safety_identifier;
  if (clientUser !== undefined) converted.clientUser = clientUser;
  return converted;
}

/** Parses and converts the raw body of `POST /v1/completions`. */
export function convertCompletionsRequest(rawBody: string): ConvertedOpenAiRequest {
  return convertCompletionsBody(
    parseOpenAiBody(rawBody, completionsRequestSchema, TEXT_COMPLETION_UNSUPPORTED_FIELDS),
  );
}
