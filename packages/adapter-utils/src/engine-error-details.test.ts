import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createErrorBodyParser, parseCommonErrorBody } from './engine-error-details.js';

describe('parseCommonErrorBody', () => {
  it('reads the nested OpenAI / llama.cpp shape, with the numeric code as status', () => {
    const body = '{"error":{"code":400,"message":"too long","type":"exceed_context_size_error","n_ctx":512}}';
    expect(parseCommonErrorBody(body)).toEqual({
      message: 'too long',
      engineCode: 'exceed_context_size_error',
      status: 400,
    });
  });

  it('prefers a string code over the type (OpenAI context_length_exceeded)', () => {
    const body = '{"error":{"message":"m","type":"invalid_request_error","code":"context_length_exceeded"}}';
    expect(parseCommonErrorBody(body)?.engineCode).toBe('context_length_exceeded');
  });

  it('reads TGI chat errors with http_status_code', () => {
    expect(parseCommonErrorBody('{"error":{"message":"bad","http_status_code":422}}')).toEqual({
      message: 'bad',
      status: 422,
    });
  });

  it('reads the flat TGI / Ollama / Triton shape', () => {
    expect(parseCommonErrorBody('{"error":"Input validation error","error_type":"validation"}')).toEqual({
      message: 'Input validation error',
      engineCode: 'validation',
    });
    expect(parseCommonErrorBody('{"error":"model \\"x\\" not found"}')).toEqual({
      message: 'model "x" not found',
    });
  });

  it('reads the flat vLLM (before 0.10.1) and FastAPI shapes', () => {
    expect(
      parseCommonErrorBody('{"object":"error","message":"m","type":"BadRequestError","code":400}'),
    ).toEqual({
      message: 'm',
      engineCode: 'BadRequestError',
      status: 400,
    });
    expect(parseCommonErrorBody('{"detail":"Not Found"}')).toEqual({ message: 'Not Found' });
  });

  it('gives undefined for bodies that are not an error shape', () => {
    expect(parseCommonErrorBody('<html>502 Bad Gateway</html>')).toBeUndefined();
    expect(parseCommonErrorBody('')).toBeUndefined();
    expect(parseCommonErrorBody('{"status":"ok"}')).toBeUndefined();
  });
});

describe('createErrorBodyParser', () => {
  const parser = createErrorBodyParser(
    z.object({ err: z.object({ why: z.string(), kind: z.string() }) }),
    (body) => ({
      message: body.err.why,
      engineCode: body.err.kind,
    }),
  );

  it('extracts details from a body that matches the schema', () => {
    expect(parser('{"err":{"why":"no","kind":"k"}}')).toEqual({ message: 'no', engineCode: 'k' });
  });

  it('gives undefined for a body that does not match or is not JSON', () => {
    expect(parser('{"err":{"why":1}}')).toBeUndefined();
    expect(parser('{{')).toBeUndefined();
  });
});
