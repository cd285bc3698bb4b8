import { deriveSeed, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToLlamaCppRequest } from './convert-to-llamacpp-request.js';

const task: Task = { task_id: 't', model: 'm', prompt: 'p', max_tokens: 3, priority: 'batch' };

describe('convertToLlamaCppRequest', () => {
  it('maps max_tokens to n_predict, streams, and fills every sampling field from the profile (ORCH-DET-021)', () => {
    expect(convertToLlamaCppRequest(task, 'templated', { cachePrompt: false })).toEqual({
      body: {
        prompt: 'templated',
        n_predict: 3,
        seed: deriveSeed('t'),
        stream: true,
        cache_prompt: false,
        temperature: 1,
        top_k: 0,
        top_p: 1,
        min_p: 0,
        typical_p: 1,
        repeat_penalty: 1,
        repeat_last_n: 0,
        presence_penalty: 0,
        frequency_penalty: 0,
        mirostat: 0,
        dynatemp_range: 0,
        xtc_probability: 0,
        dry_multiplier: 0,
        top_n_sigma: -1,
        samplers: ['temperature', 'top_k', 'top_p', 'min_p'],
      },
      droppedFields: [],
    });
  });

  it('sends temperature 0 for greedy, which llama.cpp decodes as argmax (ORCH-DET-022)', () => {
    const { body } = convertToLlamaCppRequest({ ...task, temperature: 0 }, 'p', { cachePrompt: false });
    expect(body).toMatchObject({ temperature: 0, samplers: ['temperature', 'top_k', 'top_p', 'min_p'] });
  });

  it('maps response_format to json_schema (ORCH-API-022)', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const convert = (task_: Task) => convertToLlamaCppRequest(task_, 'p', { cachePrompt: false });
    expect(convert({ ...task, response_format: { type: 'json_schema', schema } }).body.json_schema).toBe(
      schema,
    );
    expect(convert({ ...task, response_format: { type: 'json_object' } }).body.json_schema).toEqual({
      type: 'object',
    });
    expect(convert({ ...task, response_format: { type: 'json_object' } }).droppedFields).toEqual([]);
  });

  it('passes every sampling field the task sets', () => {
    const { body } = convertToLlamaCppRequest(
      { ...task, seed: 9, temperature: 0, top_k: 0, top_p: 1, min_p: 0, stop: ['a', 'b'] },
      'p',
      { cachePrompt: true },
    );
    expect(body).toMatchObject({
      seed: 9,
      temperature: 0,
      top_k: 0,
      top_p: 1,
      min_p: 0,
      stop: ['a', 'b'],
      cache_prompt: true,
    });
  });

  it('leaves an empty stop list out', () => {
    expect(
      convertToLlamaCppRequest({ ...task, stop: [] }, 'p', { cachePrompt: false }).body.stop,
    ).toBeUndefined();
  });

  it('lists fields it cannot send instead of dropping them silently', () => {
    const withExtras: Task = Object.assign({ logprobs: 5, logit_bias: {}, empty: undefined }, task);
    expect(convertToLlamaCppRequest(withExtras, 'p', { cachePrompt: false }).droppedFields).toEqual([
      'logprobs',
      'logit_bias',
    ]);
  });
});
