import {
  CHAT_UNSUPPORTED_FIELDS,
  type ChatCompletionsRequest,
  chatCompletionsRequestSchema,
  type OpenAiChatMessage,
} from './chat-completions-request-schema.js';
import { convertChatMessageContent } from './convert-chat-message-content.js';
import { convertOpenAiBody } from './convert-openai-body.js';
import { convertResponseFormat, mapResponseFormatParam } from './convert-response-format.js';
import type { ConvertedOpenAiRequest } from './converted-openai-request.js';
import { OpenAiRequestError } from './openai-request-error.js';
import { parseOpenAiBody } from './parse-openai-body.js';

const NATIVE_ROLES = { system: 'system', developer: 'system', user: 'user', assistant: 'assistant' } as const;

function convertMessage(message: OpenAiChatMessage, index: number): { role: string; content: string } {
  const field = `messages[${index}]`;
  for (const key of ['tool_calls', 'tool_call_id', 'function_call', 'audio'] as const) {
    if (message[key] !== undefined && message[key] !== null) {
      throw new OpenAiRequestError(
        `${field}.${key}`,
        `Unsupported: ${key} in messages (tool calls are not supported yet).`,
      );
    }
  }
  if (message.role === 'tool' || message.role === 'function') {
    throw new OpenAiRequestError(
      `${field}.role`,
      `Unsupported role "${message.role}": tool calls are not supported yet.`,
    );
  }
  return {
    role: NATIVE_ROLES[message.role],
    content: convertChatMessageContent(message.content, `${field}.content`, ['text']),
  };
}

/** Turns a parsed chat completions body into a native task request. */
export function convertChatCompletionsBody(body: ChatCompletionsRequest): ConvertedOpenAiRequest {
  const tokensField = body.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens';
  const paramOf = (nativeField: string) =>
    mapResponseFormatParam(nativeField, 'response_format', true) ??
    (nativeField === 'max_tokens' ? tokensField : nativeField);
  return convertOpenAiBody(body, {
    task: {
      messages: body.messages.map(convertMessage),
      max_tokens: body.max_completion_tokens ?? body.max_tokens,
      response_format: convertResponseFormat(body.response_format),
    },
    paramOf,
    includeUsage: body.stream_options?.include_usage === true,
  });
}

/** Parses and converts the raw body of `POST /v1/chat/completions`. */
export function convertChatCompletionsRequest(rawBody: string): ConvertedOpenAiRequest {
  return convertChatCompletionsBody(
    parseOpenAiBody(rawBody, chatCompletionsRequestSchema, CHAT_UNSUPPORTED_FIELDS),
  );
}
