import { deriveSeed, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToOpenAiRequest, type OpenAiRequestOptions } from './convert-to-openai-request.js';

const task: Task = { task_id: 't', model: 'pool', prompt: 'p', max_tokens: 3, priority: 'batch' };
const options: OpenAiRequestOptions = {
  servedModel: 'served',
  apiPrefix: '/v1',
  promptRoute: 'completions',
  maxTokensField: 'max_tokens',
  extendedSampling: false,
  includeUsage: true,
  samplerProfile: true,
  structuredOutput: true,
  extraBody: {},
};

describe('convertToOpenAiRequest', () => {
  it('sends a prompt to <prefix>/completions with the served model, include_usage and a derived seed', () => {
    expect(convertToOpenAiRequest(task, options)).toEqual({
      route: 'completion',
      path: '/v1/completions',
      body: {
        model: 'served',
        stream: true,
        seed: deriveSeed('t'),
        stream_options: { include_usage: true },
        temperature: 1,
        top_p: 1,
        presence_penalty: 0,
        frequency_penalty: 0,
        prompt: 'p',
        max_tokens: 3,
      },
      droppedFields: [],
    });
  });

  it('sends every sampler profile field, top_k and min_p with extendedSampling, the task values in place (ORCH-DET-021)', () => {
    expect(convertToOpenAiRequest({ ...task, temperature: 0.3 }, options).body).toMatchObject({
      temperature: 0.3,
      top_p: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
    });
    const extended = convertToOpenAiRequest(task, { ...options, extendedSampling: true }).body;
    expect(extended).toMatchObject({ top_k: -1, min_p: 0 });
  });

  it('sends temperature 0 for greedy (ORCH-DET-022)', () => {
    expect(convertToOpenAiRequest({ ...task, temperature: 0 }, options).body.temperature).toBe(0);
  });

  it('sends only the fields the task sets when the sampler profile is off', () => {
    const { body } = convertToOpenAiRequest({ ...task, top_p: 0.5 }, { ...options, samplerProfile: false });
    expect(body.top_p).toBe(0.5);
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('presence_penalty');
  });

  it('maps response_format to OpenAI shape, or refuses it when the server cannot do it (ORCH-API-022)', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const withSchema: Task = { ...task, response_format: { type: 'json_schema', schema } };
    expect(convertToOpenAiRequest(withSchema, options).body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema },
    });
    expect(
      convertToOpenAiRequest({ ...task, response_format: { type: 'json_object' } }, options).body
        .response_format,
    ).toEqual({ type: 'json_object' });
    expect(() => convertToOpenAiRequest(withSchema, { ...options, structuredOutput: false })).toThrowError(
      expect.objectContaining({ code: 'capability_unsupported' }),
    );
  });

  it('sends messages to <prefix>/chat/completions with the configured token limit name', () => {
    const { prompt: _prompt, ...rest } = task;
    const chat = { ...rest, messages: [{ role: 'user' as const, content: 'hi' }] };
    const converted = convertToOpenAiRequest(chat, {
      ...options,
      apiPrefix: '/api/v1',
      maxTokensField: 'max_completion_tokens',
    });
    expect(converted.path).toBe('/api/v1/chat/completions');
    expect(converted.body).toMatchObject({
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 3,
    });
    expect(converted.body).not.toHaveProperty('max_tokens');
  });

  it('sends a prompt as one user turn with promptRoute chat', () => {
    const converted = convertToOpenAiRequest(task, { ...options, promptRoute: 'chat' });
    expect(converted.route).toBe('chat');
    expect(converted.body).toMatchObject({ messages: [{ role: 'user', content: 'p' }], max_tokens: 3 });
  });

  it('leaves stream_options out when include_usage is off, and drops top_k/min_p unless extended', () => {
    const sampled: Task = { ...task, top_k: 5, min_p: 0.2, temperature: 0, top_p: 1, stop: ['x'] };
    const plain = convertToOpenAiRequest(sampled, { ...options, includeUsage: false });
    expect(plain.body).not.toHaveProperty('stream_options');
    expect(plain.body).not.toHaveProperty('top_k');
    expect(plain.droppedFields).toEqual(['top_k', 'min_p']);
    const extended = convertToOpenAiRequest(sampled, { ...options, extendedSampling: true });
    expect(extended.body).toMatchObject({ top_k: 5, min_p: 0.2, temperature: 0, top_p: 1, stop: ['x'] });
    expect(extended.droppedFields).toEqual([]);
  });

  it("puts extraBody under the body, the task's fields winning", () => {
    const converted = convertToOpenAiRequest(
      { ...task, seed: 4 },
      { ...options, extraBody: { cache_prompt: false, seed: 1 } },
    );
    expect(converted.body).toMatchObject({ cache_prompt: false, seed: 4 });
  });

  it('refuses a task without prompt or messages with invalid_request', () => {
    const { prompt: _prompt, ...empty } = task;
    expect(() => convertToOpenAiRequest(empty, options)).toThrowError(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });
});
