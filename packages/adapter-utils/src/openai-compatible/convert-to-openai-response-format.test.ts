import { DEFAULT_RESPONSE_SCHEMA_NAME } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToOpenAiResponseFormat } from './convert-to-openai-response-format.js';

describe('convertToOpenAiResponseFormat', () => {
  const schema = { type: 'object', properties: { a: { type: 'number' } } };

  it('keeps json_object as it is', () => {
    expect(convertToOpenAiResponseFormat({ type: 'json_object' })).toEqual({ type: 'json_object' });
  });

  it('puts a named schema under json_schema', () => {
    expect(convertToOpenAiResponseFormat({ type: 'json_schema', schema, name: 'point' })).toEqual({
      type: 'json_schema',
      json_schema: { name: 'point', schema },
    });
  });

  it('names an unnamed schema with the default name', () => {
    const converted = convertToOpenAiResponseFormat({ type: 'json_schema', schema });
    expect(converted).toEqual({
      type: 'json_schema',
      json_schema: { name: DEFAULT_RESPONSE_SCHEMA_NAME, schema },
    });
  });
});
