import type { ResponseFormat } from './response-format.js';

/** The name sent where an engine's API needs one for a schema (OpenAI `json_schema.name`). */
export const DEFAULT_RESPONSE_SCHEMA_NAME = 'response';

/**
 * The JSON Schema a response format stands for: its own schema, or `{"type": "object"}` for `json_object`
 * (for engines that only take a schema: llama.cpp `json_schema`, TGI `grammar`).
 */
export function resolveResponseSchema(format: ResponseFormat): Record<string, unknown> {
  return format.type === 'json_schema' ? format.schema : { type: 'object' };
}
