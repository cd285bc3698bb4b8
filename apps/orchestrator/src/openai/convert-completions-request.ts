import {
  type CompletionsRequest,
  completionsRequestSchema,
  TEXT_COMPLETION_UNSUPPORTED_FIELDS,
} from './completions-request-schema.js';
import { convertOpenAiBody } from './convert-openai-body.js';
import { convertResponseFormat, mapResponseFormatParam } from './convert-response-format.js';
import type { ConvertedOpenAiRequest } from './converted-openai-request.js';
import { OpenAiRequestError } from './openai-request-error.js';
import { parseOpenAiBody } from './parse-openai-body.js';

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
  return convertOpenAiBody(body, {
    task: {
      prompt: convertPrompt(body.prompt),
      max_tokens: body.max_tokens,
      response_format: convertResponseFormat(body.response_format),
    },
    paramOf,
    includeUsage: body.stream_options?.include_usage === true,
  });
}

/** Parses and converts the raw body of `POST /v1/completions`. */
export function convertCompletionsRequest(rawBody: string): ConvertedOpenAiRequest {
  return convertCompletionsBody(
    parseOpenAiBody(rawBody, completionsRequestSchema, TEXT_COMPLETION_UNSUPPORTED_FIELDS),
  );
}
