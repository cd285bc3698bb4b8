import { deriveSeed, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToLlamaCppRequest } from './convert-to-llamacpp-request.js';

const task: Task = { task_id: 't', model: 'm', prompt: 'p', max_tokens: 3, priority: 'batch' };

describe('convertToLlamaCppRequest', () => {
  it('maps max_tokens to n_predict, streams, and leaves unset sampling fields to the engine', () => {
    expect(convertToLlamaCppRequest(task, 'templated', { cachePrompt: false })).toEqual({
      body: { prompt: 'templated', n_predict: 3, seed: deriveSeed('t'), stream: true, cache_prompt: false },
      droppedFields: [],
    });
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
    const withExtras: Task = Object.assign({ logprobs: 5, response_format: 'json', empty: undefined }, task);
    expect(convertToLlamaCppRequest(withExtras, 'p', { cachePrompt: false }).droppedFields).toEqual([
      'logprobs',
      'response_format',
    ]);
  });
});
