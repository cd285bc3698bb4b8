import { describe, expect, it } from 'vitest';
import { parseOpenAiErrorBody } from './openai-error-body.js';

describe('parseOpenAiErrorBody', () => {
  it('reads the nested vLLM ≥ 0.10.1 body, with the numeric code as status (specs/engines/vllm.md A.6)', () => {
    const body =
      '{"error":{"message":"The model `x` does not exist.","type":"NotFoundError","param":"model","code":404}}';
    expect(parseOpenAiErrorBody(body)).toEqual({
      message: 'The model `x` does not exist.',
      engineCode: 'NotFoundError',
      status: 404,
    });
  });

  it('reads the flat body of vLLM before 0.10.1 (specs/engines/vllm.md A.6)', () => {
    const body =
      '{"object":"error","message":"This model\'s maximum context length is 4096 tokens.","type":"BadRequestError","param":"input_tokens","code":400}';
    expect(parseOpenAiErrorBody(body)).toEqual({
      message: "This model's maximum context length is 4096 tokens.",
      engineCode: 'BadRequestError',
      status: 400,
    });
  });

  it("prefers OpenAI's string code over the type, and leaves the status out", () => {
    const body =
      '{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}';
    expect(parseOpenAiErrorBody(body)).toEqual({
      message: 'Incorrect API key provided.',
      engineCode: 'invalid_api_key',
    });
  });

  it('falls back to the other shapes auth middleware and FastAPI write', () => {
    expect(parseOpenAiErrorBody('{"error":"Unauthorized"}')).toEqual({ message: 'Unauthorized' });
    expect(parseOpenAiErrorBody('{"detail":"Not Found"}')).toEqual({ message: 'Not Found' });
  });

  it('gives undefined for bodies that are not JSON errors', () => {
    expect(parseOpenAiErrorBody('<html>Bad gateway</html>')).toBeUndefined();
    expect(parseOpenAiErrorBody('{"status":"ok"}')).toBeUndefined();
  });
});
