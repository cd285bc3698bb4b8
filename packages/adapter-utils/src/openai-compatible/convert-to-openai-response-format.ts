import { DEFAULT_RESPONSE_SCHEMA_NAME, type ResponseFormat } from '@orch/adapter-api';
import type { OpenAiResponseFormat } from './openai-response-format.js';

/** A task's `response_format` in OpenAI's shape: a schema goes under `json_schema`, named by default if unnamed. */
export function convertToOpenAiResponseFormat(format: ResponseFormat): OpenAiResponseFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: { name: format.name ?? DEFAULT_RESPONSE_SCHEMA_NAME, schema: format.schema },
  };
}
