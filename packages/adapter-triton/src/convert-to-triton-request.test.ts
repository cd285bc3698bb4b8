import { deriveSeed, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToTritonRequest } from './convert-to-triton-request.js';

const task: Task = { task_id: 't', model: 'm', prompt: 'p', max_tokens: 3, priority: 'batch' };

describe('convertToTritonRequest (OC-ADAPT-5060)', () => {
  it('streams, leaves the prompt out of the output, sends every sampler profile input and the seed under the given name (ORCH-DET-021)', () => {
    expect(convertToTritonRequest(task, 'p', ['random_seed'])).toEqual({
      body: {
        id: 't',
        text_input: 'p',
        max_tokens: 3,
        stream: true,
        exclude_input_in_output: true,
        temperature: 1,
        top_k: 0,
        top_p: 1,
        repetition_penalty: 1,
        presence_penalty: 0,
        frequency_penalty: 0,
        beam_width: 1,
        random_seed: deriveSeed('t'),
      },
      droppedFields: [],
    });
  });

  it('sends the seed under both names when the ensemble version is unknown', () => {
    expect(convertToTritonRequest({ ...task, seed: 4 }, 'p', ['seed', 'random_seed']).body).toMatchObject({
      seed: 4,
      random_seed: 4,
    });
    expect(convertToTritonRequest({ ...task, seed: 4 }, 'p', []).body).not.toHaveProperty('seed');
  });

  it('maps greedy to top_k 1 with a neutral temperature (ORCH-DET-022)', () => {
    const { body } = convertToTritonRequest({ ...task, temperature: 0, top_k: 9 }, 'p', ['seed']);
    expect(body).toMatchObject({ top_k: 1, temperature: 1 });
  });

  it("puts the task's sampling fields in place of the profile's, top_p 1 keeping TensorRT-LLM from greedy", () => {
    expect(
      convertToTritonRequest({ ...task, temperature: 0.7, top_k: 40 }, 'p', ['seed']).body,
    ).toMatchObject({ temperature: 0.7, top_k: 40, top_p: 1 });
    expect(convertToTritonRequest({ ...task, top_p: 0.8 }, 'p', ['seed']).body).toMatchObject({
      temperature: 1,
      top_k: 0,
      top_p: 0.8,
    });
  });

  it('refuses response_format without guided decoding, and maps it to a json_schema guide with it (ORCH-API-021, ORCH-API-022)', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const structured: Task = { ...task, response_format: { type: 'json_schema', schema } };
    expect(() => convertToTritonRequest(structured, 'p', ['seed'])).toThrowError(
      expect.objectContaining({ code: 'capability_unsupported' }),
    );
    const guided = convertToTritonRequest(structured, 'p', ['seed'], { guidedDecoding: true });
    expect(guided.body).toMatchObject({
      guided_decoding_guide_type: 'json_schema',
      guided_decoding_guide: JSON.stringify(schema),
    });
    expect(guided.droppedFields).toEqual([]);
    const jsonObject = convertToTritonRequest(
      { ...task, response_format: { type: 'json_object' } },
      'p',
      [],
      {
        guidedDecoding: true,
      },
    );
    expect(jsonObject.body.guided_decoding_guide).toBe('{"type":"object"}');
  });

  it('sends stop strings as stop_words and lists fields it cannot send', () => {
    const converted = convertToTritonRequest({ ...task, stop: ['a'], min_p: 0.2 }, 'p', ['seed']);
    expect(converted.body.stop_words).toEqual(['a']);
    expect(converted.droppedFields).toEqual(['min_p']);
  });
});
