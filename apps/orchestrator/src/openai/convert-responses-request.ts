import { convertChatMessageContent } from './convert-chat-message-content.js';
import { convertOpenAiBody } from './convert-openai-body.js';
import { mapResponseFormatParam } from './convert-response-format.js';
import type { ConvertedOpenAiRequest } from './converted-openai-request.js';
import { OpenAiRequestError } from './openai-request-error.js';
import { parseOpenAiBody } from './parse-openai-body.js';
import {
  RESPONSES_UNSUPPORTED_FIELDS,
  type ResponsesInputItem,
  type ResponsesRequest,
  responsesRequestSchema,
} from './responses-request-schema.js';

const NATIVE_ROLES: Record<string, string> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
};

function convertInputItem(item: ResponsesInputItem, index: number): { role: string; content: string } {
  const field = `input[${index}]`;
  if (item.type !== undefined && item.type !== 'message') {
    throw new OpenAiRequestError(
      `${field}.type`,
      `Unsupported input item "${item.type}": only messages are supported.`,
    );
  }
  const role = NATIVE_ROLES[item.role ?? ''];
  if (role === undefined) {
    throw new OpenAiRequestError(
      `${field}.role`,
      `Unsupported role "${item.role}": expected system, developer, user or assistant.`,
    );
  }
  return {
    role,
    content: convertChatMessageContent(item.content, `${field}.content`, [
      'input_text',
      'output_text',
      'text',
    ]),
  };
}

function convertTextFormat(
  format: NonNullable<ResponsesRequest['text']>['format'],
): Record<string, unknown> | undefined {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', schema: format.schema, name: format.name };
}

/**
 * Turns a parsed Responses body into a native chat task: `instructions` is a system turn, text input one user
 * turn (as OpenAI reads it), message input one turn per message.
 */
export function convertResponsesBody(body: ResponsesRequest): ConvertedOpenAiRequest {
  const messageOffset = body.instructions === undefined ? 0 : 1;
  const paramOf = (nativeField: string) => {
    const format = mapResponseFormatParam(nativeField, 'text.format', false);
    if (format !== undefined) return format;
    if (nativeField === 'max_tokens') return 'max_output_tokens';
    const message = /^messages\[(\d+)\](.*)$/.exec(nativeField);
    if (message !== null) {
      const index = Number(message[1]) - messageOffset;
      if (index < 0) return 'instructions';
      return typeof body.input === 'string' ? 'input' : `input[${index}]${message[2]}`;
    }
    return nativeField === 'prompt' || nativeField === 'messages' ? 'input' : nativeField;
  };
  const messages: { role: string; content: string }[] = [];
  if (body.instructions !== undefined) messages.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
  else messages.push(...body.input.map(convertInputItem));
  return convertOpenAiBody(body, {
    task: {
      messages,
      max_tokens: body.max_output_tokens,
      response_format: convertTextFormat(body.text?.format),
    },
    paramOf,
    includeUsage: true,
  });
}

/** Parses and converts the raw body of `POST /v1/responses`. */
export function convertResponsesRequest(rawBody: string): ConvertedOpenAiRequest {
  return convertResponsesBody(parseOpenAiBody(rawBody, responsesRequestSchema, RESPONSES_UNSUPPORTED_FIELDS));
}
