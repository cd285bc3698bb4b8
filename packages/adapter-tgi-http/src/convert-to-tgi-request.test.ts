import { deriveSeed, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToTgiRequest } from './convert-to-tgi-request.js';

const task: Task = { task_id: 't', model: 'm', prompt: 'p', max_tokens: 3, priority: 'batch' };

describe('convertToTgiRequest (OC-ADAPT-5040)', () => {
  it('always asks for details and samples with the sampler profile by default: temperature 1, no warper, neutral penalties (ORCH-DET-021)', () => {
    expect(convertToTgiRequest(task, 'p')).toEqual({
      body: {
        inputs: 'p',
        parameters: {
          max_new_tokens: 3,
          details: true,
          do_sample: true,
          seed: deriveSeed('t'),
          temperature: 1,
          repetition_penalty: 1,
          frequency_penalty: 0,
          watermark: false,
        },
      },
      droppedFields: [],
      ignoredForGreedy: [],
    });
  });

  it('turns temperature 0 into greedy decoding: do_sample false and no warper (ORCH-DET-022)', () => {
    const converted = convertToTgiRequest({ ...task, temperature: 0, top_p: 0.9, top_k: 5, seed: 1 }, 'p');
    expect(converted.body.parameters).toEqual({
      max_new_tokens: 3,
      details: true,
      do_sample: false,
      seed: 1,
      repetition_penalty: 1,
      frequency_penalty: 0,
      watermark: false,
    });
    expect(converted.ignoredForGreedy).toEqual(['top_p', 'top_k']);
  });

  it('maps response_format to a json grammar (ORCH-API-022)', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const withSchema = convertToTgiRequest(
      { ...task, response_format: { type: 'json_schema', schema } },
      'p',
    );
    expect(withSchema.body.parameters.grammar).toEqual({ type: 'json', value: schema });
    expect(withSchema.droppedFields).toEqual([]);
    const jsonObject = convertToTgiRequest({ ...task, response_format: { type: 'json_object' } }, 'p');
    expect(jsonObject.body.parameters.grammar).toEqual({ type: 'json', value: { type: 'object' } });
  });

  it('keeps values TGI validates as valid and leaves out the ones it would reject', () => {
    expect(
      convertToTgiRequest({ ...task, temperature: 1, top_p: 0.95, top_k: 40 }, 'p').body.parameters,
    ).toMatchObject({
      do_sample: true,
      temperature: 1,
      top_p: 0.95,
      top_k: 40,
    });
    const edges = convertToTgiRequest({ ...task, temperature: 0.7, top_p: 1, top_k: 0 }, 'p').body.parameters;
    expect(edges.top_p).toBeUndefined();
    expect(edges.top_k).toBeUndefined();
    expect(edges.temperature).toBe(0.7);
  });

  it('passes a u32 seed as it is (TGI takes u64) and copies stop strings', () => {
    const { body } = convertToTgiRequest({ ...task, seed: 4_294_967_295, stop: ['a', 'b'] }, 'p');
    expect(body.parameters).toMatchObject({ seed: 4_294_967_295, stop: ['a', 'b'] });
    expect(convertToTgiRequest({ ...task, stop: [] }, 'p').body.parameters.stop).toBeUndefined();
  });

  it('marks chat-templated inputs so that TGI adds no second set of special tokens', () => {
    expect(
      convertToTgiRequest(task, '<s>[INST] hi [/INST]', { templated: true }).body.add_special_tokens,
    ).toBe(false);
    expect(convertToTgiRequest(task, 'p').body.add_special_tokens).toBeUndefined();
  });

  it('lists the fields it cannot send (min_p and unknown ones) instead of dropping them silently', () => {
    const withExtras: Task = Object.assign({ logprobs: 5 }, { ...task, min_p: 0.1 });
    expect(convertToTgiRequest(withExtras, 'p').droppedFields.sort()).toEqual(['logprobs', 'min_p']);
  });
});
