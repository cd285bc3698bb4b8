import { isTaskError } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEngineJson } from './parse-engine-json.js';

const schema = z.object({ build_info: z.string(), total_slots: z.number().int() });
const context = { engine: 'llamacpp', replica: 'http://127.0.0.1:1', what: '/props answer' };

function thrown(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isTaskError(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('parseEngineJson', () => {
  it('returns the typed value of a valid payload', () => {
    expect(parseEngineJson(schema, '{"build_info":"b1-x","total_slots":2,"extra":true}', context)).toEqual({
      build_info: 'b1-x',
      total_slots: 2,
    });
  });

  it('throws engine_protocol_error for text that is not JSON', () => {
    const error = thrown(() => parseEngineJson(schema, '<html>', context));
    expect(error.code).toBe('engine_protocol_error');
    expect(error.message).toContain('/props answer that is not JSON');
    expect(error.context).toMatchObject({
      engine: 'llamacpp',
      replica: 'http://127.0.0.1:1',
      body: '<html>',
    });
  });

  it('throws engine_protocol_error naming the field for JSON of the wrong shape', () => {
    const error = thrown(() => parseEngineJson(schema, '{"build_info":7,"total_slots":1}', context));
    expect(error.code).toBe('engine_protocol_error');
    expect(error.message).toContain('build_info');
  });

  it('redacts secrets from the excerpt', () => {
    const error = thrown(() =>
      parseEngineJson(schema, '{"api_key":"abcd1234efgh"}', { ...context, secrets: [] }),
    );
    expect(error.context.body).not.toContain('abcd1234efgh');
  });
});
