import type { OpenAiResponseFormat } from './openai-common-fields.js';

/** The native `response_format` of OpenAI's: `text` is no format at all; a JSON schema keeps its name. */
export function convertResponseFormat(
  format: OpenAiResponseFormat | undefined,
): Record<string, unknown> | undefined {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', schema: format.json_schema.schema, name: format.json_schema.name };
}

/**
 * The client's field for a native `response_format…` path: under `prefix`, and for chat-style formats
 * (`nested`) the schema's own fields sit in `json_schema`. Undefined for any other native field.
 */
export function mapResponseFormatParam(
  nativeField: string,
  prefix: string,
  nested: boolean,
): string | undefined {
  const match = /^response_format(?:\.(.+))?$/.exec(nativeField);
  if (match === null) return undefined;
  const rest = match[1];
  if (rest === undefined) return prefix;
  if (rest === 'type' || !nested) return `${prefix}.${rest}`;
  return `${prefix}.json_schema.${rest}`;
}
