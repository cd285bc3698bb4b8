import { deriveSeed, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToVllmRequest } from './convert-to-vllm-request.js';

const task: Task = { task_id: 't', model: 'pool', prompt: 'p', max_tokens: 3, priority: 'batch' };

describe('convertToVllmRequest', () => {
  it('sends a prompt to /v1/completions with the served model, include_usage and a derived seed', () => {
    expect(convertToVllmRequest(task, 'served')).toEqual({
      route: 'completion',
      path: '/v1/completions',
      body: {
        model: 'served',
        prompt: 'p',
        max_tokens: 3,
        seed: deriveSeed('t'),
        stream: true,
        stream_options: { include_usage: true },
        temperature: 1,
        top_p: 1,
        top_k: -1,
        min_p: 0,
        repetition_penalty: 1,
        presence_penalty: 0,
        frequency_penalty: 0,
      },
      droppedFields: [],
    });
  });

  it('sends every sampler profile field vLLM has, the task values in place (ORCH-DET-021)', () => {
    const { body } = convertToVllmRequest({ ...task, temperature: 0.5, top_k: 7 }, 'served');
    expect(body).toMatchObject({
      temperature: 0.5,
      top_k: 7,
      top_p: 1,
      min_p: 0,
      repetition_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
    });
  });

  it('sends temperature 0 for greedy, which vLLM decodes as argmax (ORCH-DET-022)', () => {
    expect(convertToVllmRequest({ ...task, temperature: 0 }, 'served').body.temperature).toBe(0);
  });

  it('maps response_format to the OpenAI shape on both routes (ORCH-API-022)', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const { prompt: _prompt, ...rest } = task;
    const chat = { ...rest, messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(
      convertToVllmRequest({ ...task, response_format: { type: 'json_schema', schema } }, 'served').body
        .response_format,
    ).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema } });
    expect(
      convertToVllmRequest(
        { ...chat, response_format: { type: 'json_schema', schema, name: 'verdict' } },
        'served',
      ).body.response_format,
    ).toEqual({ type: 'json_schema', json_schema: { name: 'verdict', schema } });
    const jsonObject = convertToVllmRequest({ ...chat, response_format: { type: 'json_object' } }, 'served');
    expect(jsonObject.body.response_format).toEqual({ type: 'json_object' });
    expect(jsonObject.droppedFields).toEqual([]);
  });

  it('sends messages to /v1/chat/completions, role and content only', () => {
    const { prompt: _prompt, ...rest } = task;
    const converted = convertToVllmRequest(
      { ...rest, messages: [{ role: 'user', content: 'hi' }] },
      'served',
    );
    expect(converted.route).toBe('chat');
    expect(converted.path).toBe('/v1/chat/completions');
    expect(converted.body).toMatchObject({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 });
  });

  it('passes every sampling field the task sets, top_k 0 as -1', () => {
    const { body } = convertToVllmRequest(
      { ...task, seed: 9, temperature: 0, top_k: 0, top_p: 1, min_p: 0, stop: ['a', 'b'] },
      'served',
    );
    expect(body).toMatchObject({ seed: 9, temperature: 0, top_k: -1, top_p: 1, min_p: 0, stop: ['a', 'b'] });
    expect(convertToVllmRequest({ ...task, top_k: 40 }, 'served').body.top_k).toBe(40);
  });

  it('leaves an empty stop list out', () => {
    expect(convertToVllmRequest({ ...task, stop: [] }, 'served').body.stop).toBeUndefined();
  });

  it('lists fields it cannot send instead of dropping them silently', () => {
    const withExtras: Task = Object.assign({ logprobs: 5, logit_bias: {}, empty: undefined }, task);
    expect(convertToVllmRequest(withExtras, 'served').droppedFields).toEqual(['logprobs', 'logit_bias']);
  });

  it('refuses a task without prompt or messages with invalid_request', () => {
    const { prompt: _prompt, ...empty } = task;
    expect(() => convertToVllmRequest(empty, 'served')).toThrowError(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });
});
