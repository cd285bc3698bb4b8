import { isTaskError } from '@orch/adapter-api';
import { createEngineClient } from '@orch/adapter-utils';
import { describe, expect, it } from 'vitest';
import { llamaCppStreamEventSchema } from './llamacpp-api-types.js';
import { parseLlamaCppStreamEvent } from './parse-llamacpp-stream-event.js';

const client = createEngineClient({ engine: 'llamacpp', baseUrl: 'http://127.0.0.1:1' });

const PARTIAL = {
  index: 0,
  content: ' world',
  tokens: [],
  stop: false,
  id_slot: 0,
  tokens_predicted: 3,
  tokens_evaluated: 6,
};

function schemaResult(data: string) {
  return llamaCppStreamEventSchema.safeParse(JSON.parse(data));
}

function failureOf(data: string): unknown {
  try {
    parseLlamaCppStreamEvent(client, data);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseLlamaCppStreamEvent', () => {
  it('reads a partial chunk exactly as the schema does', () => {
    const data = JSON.stringify(PARTIAL);
    const event = parseLlamaCppStreamEvent(client, data);
    expect(event).toEqual({ kind: 'chunk', chunk: PARTIAL });
    expect(event).toEqual(schemaResult(data).data);
  });

  it('reads the final chunk, an error event and a partial with timings through the schema', () => {
    const events = [
      { ...PARTIAL, content: '', stop: true, stop_type: 'eos', timings: { prompt_n: 6, predicted_n: 3 } },
      { error: { code: 500, message: 'slot failed', type: 'server_error' } },
      { ...PARTIAL, timings: { predicted_ms: 12.5 } },
    ];
    for (const body of events) {
      const data = JSON.stringify(body);
      expect(parseLlamaCppStreamEvent(client, data)).toEqual(schemaResult(data).data);
    }
    expect(parseLlamaCppStreamEvent(client, JSON.stringify(events[1]))).toMatchObject({ kind: 'error' });
  });

  it('fails with engine_protocol_error on every chunk the schema refuses', () => {
    const bad = [
      'not json',
      '[]',
      'null',
      JSON.stringify({ ...PARTIAL, content: 7 }),
      JSON.stringify({ ...PARTIAL, stop: 'no' }),
      JSON.stringify({ ...PARTIAL, tokens_predicted: -1 }),
      JSON.stringify({ ...PARTIAL, tokens_evaluated: 1.5 }),
      JSON.stringify({ ...PARTIAL, stop_type: 3 }),
      JSON.stringify({ ...PARTIAL, truncated: 'yes' }),
      JSON.stringify({ ...PARTIAL, timings: { predicted_ms: 'fast' } }),
      JSON.stringify({ stop: false }),
    ];
    for (const data of bad) {
      const failure = failureOf(data);
      expect(isTaskError(failure) && failure.code, data).toBe('engine_protocol_error');
    }
  });
});
