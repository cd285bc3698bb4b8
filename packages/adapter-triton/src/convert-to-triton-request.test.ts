import { deriveSeed, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToTritonRequest } from './convert-to-triton-request.js';

const task: Task = { task_id: 't', model: 'm', prompt: 'p', max_tokens: 3, priority: 'batch' };

describe('convertToTritonRequest (OC-ADAPT-5060)', () => {
  it('streams, leaves the prompt out of the output, and sends the seed under the given name', () => {
    expect(convertToTritonRequest(task, 'p', ['random_seed'])).toEqual({
      body: {
        id: 't',
        text_input: 'p',
        max_tokens: 3,
        stream: true,
        exclude_input_in_output: true,
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

  it('maps greedy to top_k 1 and leaves temperature and top_p out', () => {
    const { body } = convertToTritonRequest({ ...task, temperature: 0, top_p: 0.3, top_k: 9 }, 'p', ['seed']);
    expect(body.top_k).toBe(1);
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
  });

  it('keeps explicit sampling fields, and adds top_p 1 only when a temperature comes without top_k or top_p', () => {
    expect(
      convertToTritonRequest({ ...task, temperature: 0.7, top_k: 40 }, 'p', ['seed']).body,
    ).toMatchObject({
      temperature: 0.7,
      top_k: 40,
    });
    expect(
      convertToTritonRequest({ ...task, temperature: 0.7, top_k: 40 }, 'p', ['seed']).body,
    ).not.toHaveProperty('top_p');
    expect(convertToTritonRequest({ ...task, temperature: 0.7 }, 'p', ['seed']).body).toMatchObject({
      top_p: 1,
    });
    expect(convertToTritonRequest(task, 'p', ['seed']).body).not.toHaveProperty('top_p');
  });

  it('sends stop strings as stop_words and lists fields it cannot send', () => {
    const converted = convertToTritonRequest({ ...task, stop: ['a'], min_p: 0.2 }, 'p', ['seed']);
    expect(converted.body.stop_words).toEqual(['a']);
    expect(converted.droppedFields).toEqual(['min_p']);
  });
});
