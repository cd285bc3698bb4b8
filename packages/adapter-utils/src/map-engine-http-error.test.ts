import { ERROR_CODES } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { classifyEngineStatus, type EngineHttpFailure, mapEngineHttpError } from './map-engine-http-error.js';

function failure(status: number, bodyText = '', details?: EngineHttpFailure['details']): EngineHttpFailure {
  return {
    engine: 'llamacpp',
    replica: 'http://127.0.0.1:1',
    status,
    bodyText,
    ...(details ? { details } : {}),
  };
}

describe('classifyEngineStatus', () => {
  it.each([
    [429, 'engine_overloaded'],
    [503, 'engine_unavailable'],
    [500, 'engine_error'],
    [502, 'engine_error'],
    [501, 'engine_error'],
    [400, 'engine_rejected'],
    [401, 'engine_rejected'],
    [404, 'engine_rejected'],
    [422, 'engine_rejected'],
    [302, 'engine_protocol_error'],
  ])('maps HTTP %i to %s (OC-ADAPT-6030)', (status, code) => {
    expect(classifyEngineStatus(failure(status))).toBe(code);
  });

  it('recognises context-size failures by engine code or message', () => {
    expect(classifyEngineStatus(failure(400, '', { engineCode: 'exceed_context_size_error' }))).toBe(
      'context_length_exceeded',
    );
    expect(
      classifyEngineStatus(
        failure(400, '', {
          message: "This model's maximum context length is 2048 tokens. However, you requested 3000",
        }),
      ),
    ).toBe('context_length_exceeded');
    expect(
      classifyEngineStatus(
        failure(
          422,
          '{"error":"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 2048"}',
        ),
      ),
    ).toBe('context_length_exceeded');
  });
});

describe('mapEngineHttpError', () => {
  it("keeps the engine's message and context, with a retriability from the taxonomy", () => {
    const error = mapEngineHttpError({
      ...failure(503, '{"error":{"message":"Loading model"}}', {
        message: 'Loading model',
        engineCode: 'unavailable_error',
      }),
      retryAfterMs: 2000,
    });
    expect(error.code).toBe('engine_unavailable');
    expect(error.retriable).toBe(ERROR_CODES.engine_unavailable.retriable);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.message).toBe('llamacpp answered HTTP 503: Loading model');
    expect(error.context).toEqual({
      engine: 'llamacpp',
      replica: 'http://127.0.0.1:1',
      status: 503,
      engine_code: 'unavailable_error',
      body: '{"error":{"message":"Loading model"}}',
    });
  });

  it('uses a body excerpt when the body is not an error shape', () => {
    const error = mapEngineHttpError(failure(502, '<html>Bad Gateway</html>'));
    expect(error.message).toContain('<html>Bad Gateway</html>');
  });

  it('keeps secrets the engine echoed out of message and body (OC-ADAPT-6020)', () => {
    const body = '{"error":{"message":"Invalid API Key: s3cr3t-key-value"}}';
    const error = mapEngineHttpError(failure(401, body, { message: 'Invalid API Key: s3cr3t-key-value' }), {
      secrets: ['s3cr3t-key-value'],
    });
    expect(error.message).not.toContain('s3cr3t-key-value');
    expect(error.context.body).not.toContain('s3cr3t-key-value');
    expect(error.message).toContain('[REDACTED]');
  });

  it('words an in-stream error event as such', () => {
    const error = mapEngineHttpError(failure(500, '', { message: 'KV cache full' }), { origin: 'stream' });
    expect(error.code).toBe('engine_error');
    expect(error.message).toBe('llamacpp sent an error event mid-stream (status 500): KV cache full');
  });

  it('lets the adapter override the code', () => {
    const error = mapEngineHttpError(failure(500, 'x'), { classifyFailure: () => 'engine_protocol_error' });
    expect(error.code).toBe('engine_protocol_error');
  });
});
